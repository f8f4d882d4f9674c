using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>The exec op through either runtime (ExecEngineOptions.Runtime): runc and crun give the same results.</summary>
public sealed class ExecRuntimeTests
{
    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    private static State Run(State state, string script, params Graph.ExecMount[] mounts) =>
        state.Run(new RunOptions { Args = ["sh", "-c", script], Env = PathEnv, Mounts = mounts }).Root;

    private static ExecHarness Harness(OciRuntimeKind runtime)
    {
        ExecHarness.RequireRuntime(runtime);
        return new ExecHarness { Exec = new ExecEngineOptions { Runtime = runtime } };
    }

    [Fact]
    public async Task A_run_that_writes_deletes_and_chmods_gives_the_same_layer_bytes_with_runc_and_crun()
    {
        using var runc = Harness(OciRuntimeKind.Runc);
        using var crun = Harness(OciRuntimeKind.Crun);
        var state = Run(State.Image(ExecHarness.Busybox), "mkdir -p /app && echo hi > /app/a.txt && chmod 600 /app/a.txt && rm /etc/group && chmod 700 /home");

        var byRunc = await runc.SolveAsync(state);
        var byCrun = await crun.SolveAsync(state);

        var items = (await crun.ReadLayerAsync(byCrun.Result.Layers[^1])).OrderBy(i => i.Path, StringComparer.Ordinal)
            .Select(i => i.Path.Contains("/.wh.", StringComparison.Ordinal) ? $"{i.Type} {i.Path} {i.Uid}:{i.Gid}" : i.ToString());
        Assert.Equal(["d app 755 0:0", "f app/a.txt 600 0:0 [3]", "d etc 755 0:0", "f etc/.wh.group 0:0", "d home 700 0:0"], items);
        Assert.Equal(byRunc.Result.Layers[^1].Digest, byCrun.Result.Layers[^1].Digest);
        Assert.Equal(0, (await crun.SolveAsync(state)).Executed);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task A_run_as_a_named_user_on_debian_writes_files_that_user_owns(OciRuntimeKind runtime)
    {
        using var harness = Harness(runtime);
        var state = State.Image($"{TestEnvironment.Registry}/debian:bookworm-slim")
            .Run(new RunOptions { Args = ["sh", "-c", "id -u > /tmp/uid; id -g >> /tmp/uid; touch /tmp/mine"], Env = PathEnv, User = "nobody" }).Root;

        var solved = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal("65534\n65534\n", Assert.Single(items, i => i.Path == "tmp/uid").Content);
        var mine = Assert.Single(items, i => i.Path == "tmp/mine");
        Assert.Equal((65534, 65534), (mine.Uid, mine.Gid));
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Network_none_has_only_loopback_and_host_network_has_the_hosts_interfaces(OciRuntimeKind runtime)
    {
        using var harness = Harness(runtime);
        State Interfaces(Graph.ExecNetwork network) =>
            State.Image(ExecHarness.Busybox).Run(new RunOptions { Args = ["sh", "-c", "ls /sys/class/net > /ifaces"], Env = PathEnv, Network = network }).Root;

        var none = await harness.SolveAsync(Interfaces(Graph.ExecNetwork.None));
        var host = await harness.SolveAsync(Interfaces(Graph.ExecNetwork.Host));

        Assert.Equal("lo\n", Assert.Single(await harness.ReadLayerAsync(none.Result.Layers[^1]), i => i.Path == "ifaces").Content);
        var hostInterfaces = Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(string.Concat(hostInterfaces.Select(i => i + "\n")), Assert.Single(await harness.ReadLayerAsync(host.Result.Layers[^1]), i => i.Path == "ifaces").Content);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task A_cache_mount_keeps_its_files_between_builds_and_stays_out_of_the_layer(OciRuntimeKind runtime)
    {
        using var harness = Harness(runtime);
        // uid, gid and mode as the Dockerfile frontend gives them: a seed directory made with that owner and mode.
        var seed = State.Scratch().File(FileActions.Mkdir("/cache", 0b111_111_000, new MkdirOptions { Owner = FileOwner.FromIds(65534, 65534) }));
        var cache = new CacheMount("/cache", "runtime-cache") { Sharing = CacheSharing.Locked, From = seed, Selector = "/cache" };

        await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "echo kept > /cache/file", cache));
        var second = await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "cp /cache/file /copied; stat -c '%u:%g %a' /cache > /owner", cache));

        var items = await harness.ReadLayerAsync(second.Result.Layers[^1]);
        Assert.Equal("kept\n", Assert.Single(items, i => i.Path == "copied").Content);
        Assert.Equal("65534:65534 770\n", Assert.Single(items, i => i.Path == "owner").Content);
        Assert.DoesNotContain(items, i => i.Path.StartsWith("cache", StringComparison.Ordinal) && i.Type != 'd');
    }
}
