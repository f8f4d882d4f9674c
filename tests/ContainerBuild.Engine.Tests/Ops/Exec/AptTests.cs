using System.Security.Cryptography;
using System.Text;
using ContainerBuild.Graph;
using ExecRequest = ContainerBuild.Engine.Exec.ExecRequest;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>apt with cache mounts on the local debian:bookworm-slim through runc, host network to the Debian mirror.</summary>
public sealed class AptTests
{
    private const string Install = "rm -f /etc/apt/apt.conf.d/docker-clean; apt-get update && apt-get install -y --no-install-recommends curl";

    private static readonly string[] Env = ["PATH=" + ExecRequest.DefaultPath, "DEBIAN_FRONTEND=noninteractive"];

    private static State Build(string install, string later)
    {
        var apt = State.Image($"{TestEnvironment.Registry}/debian:bookworm-slim").Run(new RunOptions
        {
            Args = ["sh", "-c", install],
            Env = Env,
            Network = ExecNetwork.Host,
            Mounts =
            [
                new CacheMount("/var/cache/apt", "/var/cache/apt") { Sharing = CacheSharing.Locked },
                new CacheMount("/var/lib/apt", "/var/lib/apt") { Sharing = CacheSharing.Locked },
            ],
        }).Root;
        return apt.Run(new RunOptions { Args = ["sh", "-c", later], Env = Env }).Root;
    }

    /// <summary>The .deb files in the apt cache mount, with their mtimes (a re-download rewrites them).</summary>
    private static string[] CachedDebs(ExecHarness harness)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("/var/cache/apt")));
        var archives = Path.Combine(harness.Store.Root, "mounts", name, "archives");
        return Directory.Exists(archives)
            ? [.. Directory.EnumerateFiles(archives, "*.deb").Select(f => $"{Path.GetFileName(f)} {File.GetLastWriteTimeUtc(f).Ticks}").Order()]
            : [];
    }

    [Fact]
    public async Task Apt_install_with_cache_mounts_is_cached_across_later_changes_and_rerun_from_the_cache_mount()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();

        var first = await harness.SolveAsync(Build(Install, "echo 1 > /step"));
        var aptLayer = await harness.ReadLayerAsync(first.Result.Layers[^2]);
        Assert.Contains(aptLayer, i => i.Path == "usr/bin/curl");
        Assert.DoesNotContain(aptLayer, i => i.Path.StartsWith("var/cache/apt/archives/", StringComparison.Ordinal) && i.Path.EndsWith(".deb", StringComparison.Ordinal));
        Assert.True(first.Executed >= 2, $"{first.Executed} vertices ran"); // The image source counts too.

        var second = await harness.SolveAsync(Build(Install, "echo 2 > /step"));
        Assert.Equal(1, second.Executed); // Only the changed later step; the apt step is cached.

        var debsBefore = CachedDebs(harness);
        Assert.Contains(debsBefore, d => d.StartsWith("curl_", StringComparison.Ordinal));
        var third = await harness.SolveAsync(Build(Install + " && true", "echo 2 > /step"));
        Assert.Equal(2, third.Executed);
        Assert.Contains(await harness.ReadLayerAsync(third.Result.Layers[^2]), i => i.Path == "usr/bin/curl");
        Assert.Equal(debsBefore, CachedDebs(harness)); // Every package came from the cache mount: nothing downloaded.
        Assert.Contains("Need to get 0 B", third.Log, StringComparison.Ordinal);
    }
}
