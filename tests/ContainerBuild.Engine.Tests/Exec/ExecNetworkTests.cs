using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>network=host (the default) shares the host's interfaces; network=none has only loopback.</summary>
public sealed class ExecNetworkTests(ExecImages images)
{
    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Host_network_sees_the_hosts_interfaces(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        var inside = Interfaces(await harness.ShAsync(rootfs, "cat /proc/net/dev"));

        Assert.Equal(Interfaces(await File.ReadAllTextAsync("/proc/net/dev", ExecHarness.Token)), inside);
        Assert.Contains("lo", inside);
        Assert.True(inside.Count > 1, "the host has more than loopback");
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task No_network_has_only_loopback(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        var inside = Interfaces(await harness.ShAsync(rootfs, "cat /proc/net/dev", new ExecRequest { Args = [], Network = ExecNetwork.None }));

        Assert.Equal(["lo"], inside);
    }

    /// <summary>The interface names of /proc/net/dev (two header lines, then "name: counters").</summary>
    private static List<string> Interfaces(string procNetDev) =>
        [.. procNetDev.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim()).Order(StringComparer.Ordinal)];
}
