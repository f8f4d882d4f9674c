using ExecRequest = ContainerBuild.Engine.Exec.ExecRequest;
using ContainerBuild.Engine.Ops.Exec;
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
    public async Task Bind_mounts_of_a_local_directory_show_what_its_patterns_select_owned_by_root_and_never_write_to_it()
    {
        ExecHarness.RequireRunc();
        using var context = new TempDirectory("cb-context");
        File.WriteAllText(context.Combine("input.txt"), "from the context\n");
        File.WriteAllText(context.Combine("hidden.txt"), "excluded\n");
        Directory.CreateDirectory(context.Combine("sub"));
        File.WriteAllText(context.Combine("sub", "tool.sh"), "#!/bin/sh\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(context.Combine("sub", "tool.sh"), (UnixFileMode)0b111_101_000);
        }

        File.CreateSymbolicLink(context.Combine("escape"), "/etc");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chown", ["1234:1234", context.Combine("input.txt")], cancellationToken: ExecHarness.Token)).ExitCode);
        using var harness = new ExecHarness { LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context.Path } };
        var local = State.Local("context", new LocalOptions { ExcludePatterns = ["hidden.txt"] });
        const string script = """
            cat /mnt/input > /seen
            stat -c '%u:%g %a' /mnt/input /ctx/sub/tool.sh >> /seen
            ls -A /ctx | tr '\n' ' ' >> /seen; echo >> /seen
            readlink /ctx/escape >> /seen
            echo overwritten > /ctx/input.txt 2>/dev/null || echo read-only >> /seen
            echo changed > /rw/input.txt && cat /rw/input.txt >> /seen && touch /rw/new
            """;

        var solved = await harness.SolveAsync(Run(
            State.Image(ExecHarness.Busybox),
            script,
            new BindMount("/mnt/input", local) { Selector = "/input.txt", Readonly = true },
            new BindMount("/ctx", local) { Readonly = true },
            new BindMount("/rw", local) { NoOutput = true }));

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal(
            "from the context\n0:0 644\n0:0 750\nescape input.txt sub \n/etc\nread-only\nchanged\n",
            Assert.Single(items, i => i.Path == "seen").Content);
        Assert.DoesNotContain(items, i => i.Path.StartsWith("ctx", StringComparison.Ordinal) || i.Path.StartsWith("rw", StringComparison.Ordinal) || i.Path.StartsWith("mnt/input", StringComparison.Ordinal));
        Assert.Equal("from the context\n", File.ReadAllText(context.Combine("input.txt")));
        Assert.False(File.Exists(context.Combine("new")));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(harness.Store.Root, "snapshots", "overlay", "mounts"))); // the copies went with their run
    }

    [Fact]
    public async Task A_run_with_a_local_bind_mount_is_cached_by_the_content_it_selects()
    {
        ExecHarness.RequireRunc();
        using var context = new TempDirectory("cb-context");
        File.WriteAllText(context.Combine("input.txt"), "one\n");
        File.WriteAllText(context.Combine("other.txt"), "unrelated\n");
        using var harness = new ExecHarness { LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context.Path } };
        // The stamp differs on every run, so an equal result means the run was found in the cache.
        var state = Run(State.Image(ExecHarness.Busybox), "cat /in > /out; cat /proc/sys/kernel/random/uuid > /stamp", new BindMount("/in", State.Local("context")) { Selector = "/input.txt", Readonly = true });

        var first = await harness.SolveAsync(state);
        File.WriteAllText(context.Combine("other.txt"), "changed, but not selected\n");
        File.SetLastWriteTimeUtc(context.Combine("input.txt"), DateTime.UtcNow.AddHours(1));
        var unchanged = await harness.SolveAsync(state);
        File.WriteAllText(context.Combine("input.txt"), "two\n");
        var changed = await harness.SolveAsync(state);

        Assert.Equal(first.Result.Id, unchanged.Result.Id);
        Assert.Equal("one\n", Assert.Single(await harness.ReadLayerAsync(first.Result.Layers[^1]), i => i.Path == "out").Content);
        Assert.Equal("two\n", Assert.Single(await harness.ReadLayerAsync(changed.Result.Layers[^1]), i => i.Path == "out").Content);
    }

    [Fact]
    public async Task A_local_bind_mount_of_a_path_the_patterns_exclude_is_a_missing_source()
    {
        ExecHarness.RequireRunc();
        using var context = new TempDirectory("cb-context");
        File.WriteAllText(context.Combine("secret.txt"), "excluded\n");
        using var harness = new ExecHarness { LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context.Path } };
        var local = State.Local("context", new LocalOptions { ExcludePatterns = ["secret.txt"] });

        var failed = await Assert.ThrowsAsync<SolveFailed>(() => harness.SolveAsync(
            Run(State.Image(ExecHarness.Busybox), "cat /in", new BindMount("/in", local) { Selector = "/secret.txt", Readonly = true })));

        Assert.Equal("/secret.txt", Assert.IsType<MountSourceNotFoundException>(failed.InnerException?.InnerException).SourcePath);
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
