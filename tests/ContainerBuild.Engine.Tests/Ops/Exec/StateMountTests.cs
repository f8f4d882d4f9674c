using ExecRequest = ContainerBuild.Engine.Exec.ExecRequest;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>A RUN reading another state's files (a read-only bind mount, a cache mount's seed) sees them through its layers' lower dirs.</summary>
public sealed class StateMountTests
{
    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    [Fact]
    public async Task A_read_only_bind_mount_and_a_seeded_cache_mount_show_the_state_and_merge_no_snapshot_of_its_chain()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var other = Run(State.Image(ExecHarness.Busybox), "mkdir /data && echo from-other > /data/f && rm /bin/ls");
        var state = Run(
            State.Image(ExecHarness.Busybox),
            "cat /ro/data/f /seeded/f > /seen; test -e /ro/bin/ls || echo no-ls >> /seen; test -e /ro/bin/sh && echo sh >> /seen",
            new BindMount("/ro", other) { Readonly = true },
            new CacheMount("/seeded", "state-mount-seed") { From = other, Selector = "/data" });

        var solved = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal("from-other\nfrom-other\nno-ls\nsh\n", Assert.Single(items, i => i.Path == "seen").Content);
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(harness.Store.Root, "snapshots")), d => Path.GetFileName(d).Length == 64);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(harness.Store.Root, "snapshots", "overlay", "mounts")));
    }

    private static State Run(State state, string script, params Graph.ExecMount[] mounts) =>
        state.Run(new RunOptions { Args = ["sh", "-c", script], Env = PathEnv, Mounts = mounts }).Root;
}
