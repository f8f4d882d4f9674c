using ExecRequest = ContainerBuild.Engine.Exec.ExecRequest;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>Bind and tmpfs mounts and the RUN user, through the real solver and runc on the local registry's images.</summary>
public sealed class ExecMountTests
{
    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    private static State Run(State state, string script, params Graph.ExecMount[] mounts) =>
        state.Run(new RunOptions { Args = ["sh", "-c", script], Env = PathEnv, Mounts = mounts }).Root;

    [Fact]
    public async Task Bind_mounts_show_another_state_and_writes_through_them_are_discarded()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var other = Run(State.Image(ExecHarness.Busybox), "mkdir /data && echo from-other > /data/f");
        var state = Run(
            State.Image(ExecHarness.Busybox),
            "cat /ro/f > /seen; echo changed > /rw/f; cat /rw/f >> /seen; touch /rw/new",
            new BindMount("/ro", other) { Selector = "/data", Readonly = true },
            new BindMount("/rw", other) { Selector = "/data", NoOutput = true });

        var solved = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal("from-other\nchanged\n", Assert.Single(items, i => i.Path == "seen").Content);
        Assert.DoesNotContain(items, i => i.Path.StartsWith("ro", StringComparison.Ordinal) || i.Path.StartsWith("rw", StringComparison.Ordinal));
        var again = await harness.SolveAsync(Run(other, "cat /data/f > /check"));
        Assert.Equal("from-other\n", Assert.Single(await harness.ReadLayerAsync(again.Result.Layers[^1]), i => i.Path == "check").Content);
    }

    [Fact]
    public async Task A_writable_bind_mount_that_is_an_output_returns_what_the_run_wrote_to_it()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var other = Run(State.Image(ExecHarness.Busybox), "mkdir /data && echo old > /data/f");
        var exec = State.Image(ExecHarness.Busybox).Run(new RunOptions
        {
            Args = ["sh", "-c", "echo new > /out/g; echo root > /in-root"],
            Env = PathEnv,
            Mounts = [new BindMount("/out", other) { Selector = "/data" }],
        });

        var output = await harness.SolveAsync(exec.GetMount("/out"));
        var root = await harness.SolveAsync(exec.Root);

        var outputItems = await harness.ReadLayerAsync(output.Result.Layers[^1]);
        Assert.Equal("new\n", Assert.Single(outputItems, i => i.Path == "data/g").Content);
        Assert.DoesNotContain(outputItems, i => i.Path == "in-root");
        Assert.Equal(0, root.Executed);
        Assert.Contains(await harness.ReadLayerAsync(root.Result.Layers[^1]), i => i.Path == "in-root");
    }

    [Fact]
    public async Task A_tmpfs_mount_is_empty_sized_and_left_out_of_the_layer()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();

        var solved = await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "echo x > /scratch/x; df -k /scratch | tail -1 | awk '{print $2}' > /size", new TmpfsMount("/scratch") { Size = 8 * 1024 * 1024 }));

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal("8192", Assert.Single(items, i => i.Path == "size").Content!.Trim());
        Assert.DoesNotContain(items, i => i.Path.StartsWith("scratch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_as_a_named_user_on_debian_writes_files_that_user_owns()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var state = State.Image($"{TestEnvironment.Registry}/debian:bookworm-slim")
            .Run(new RunOptions { Args = ["sh", "-c", "id -u > /tmp/uid; touch /tmp/mine"], Env = PathEnv, User = "nobody" }).Root;

        var solved = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal("65534", Assert.Single(items, i => i.Path == "tmp/uid").Content!.Trim());
        Assert.Equal(65534, Assert.Single(items, i => i.Path == "tmp/mine").Uid);
    }
}
