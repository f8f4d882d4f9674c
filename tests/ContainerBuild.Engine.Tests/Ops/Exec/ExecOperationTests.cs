using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>RUN through the real solver, cache, overlay and runc on busybox from the local registry.</summary>
public sealed class ExecOperationTests
{
    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    private static State Run(State state, string script, params Graph.ExecMount[] mounts) =>
        state.Run(new RunOptions { Args = ["sh", "-c", script], Env = PathEnv, Mounts = mounts }).Root;

    [Fact]
    public async Task A_run_that_writes_deletes_and_chmods_gives_those_entries_and_a_rebuild_runs_nothing()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var state = Run(State.Image(ExecHarness.Busybox), "mkdir -p /app && echo hi > /app/a.txt && chmod 600 /app/a.txt && rm /etc/group && chmod 700 /home");

        var first = await harness.SolveAsync(state);

        // As `docker build` (classic builder, dockerd 20.10) gives for the same RUN; a whiteout's own mode is not compared (docker writes 0600).
        var items = (await harness.ReadLayerAsync(first.Result.Layers[^1])).OrderBy(i => i.Path, StringComparer.Ordinal)
            .Select(i => i.Path.Contains("/.wh.", StringComparison.Ordinal) ? $"{i.Type} {i.Path} {i.Uid}:{i.Gid}" : i.ToString());
        Assert.Equal(["d app 755 0:0", "f app/a.txt 600 0:0 [3]", "d etc 755 0:0", "f etc/.wh.group 0:0", "d home 700 0:0"], items);
        var again = await harness.SolveAsync(state);
        Assert.Equal(0, again.Executed);
        Assert.Equal(first.Result.Id, again.Result.Id);
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_output()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();

        var failed = await Assert.ThrowsAsync<SolveFailed>(() => harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "echo boom; exit 3")));

        var error = Assert.IsType<ExecFailedException>(failed.InnerException?.InnerException);
        Assert.Equal(3, error.ExitCode);
        Assert.Contains("boom", error.LastLines);
        Assert.Contains("boom", failed.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cache_mount_keeps_its_files_between_different_builds()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var cache = new CacheMount("/cache", "/cache");

        await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "echo kept > /cache/file", cache));
        var second = await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "cp /cache/file /copied", cache));

        var items = await harness.ReadLayerAsync(second.Result.Layers[^1]);
        Assert.Equal("kept\n", Assert.Single(items, i => i.Path == "copied").Content);
        Assert.DoesNotContain(items, i => i.Path.StartsWith("cache", StringComparison.Ordinal) && i.Type != 'd');
    }

    [Fact]
    public async Task Two_builds_at_once_on_a_locked_cache_mount_both_succeed_with_their_writes_serialised()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var cache = new CacheMount("/cache", "shared-log") { Sharing = CacheSharing.Locked };
        State Step(string name) => Run(State.Image(ExecHarness.Busybox), $"echo {name} $(cut -d' ' -f1 /proc/uptime) start >> /cache/log; sleep 1; echo {name} $(cut -d' ' -f1 /proc/uptime) end >> /cache/log", cache);

        await Task.WhenAll(harness.SolveAsync(Step("a")), harness.SolveAsync(Step("b")));
        var read = await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "cp /cache/log /log", cache));

        var lines = Assert.Single(await harness.ReadLayerAsync(read.Result.Layers[^1]), i => i.Path == "log").Content!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(lines[0].Split(' ')[0], lines[1].Split(' ')[0]);
        Assert.EndsWith("start", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("end", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("start", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("end", lines[3], StringComparison.Ordinal);
        Assert.Equal(lines[2].Split(' ')[0], lines[3].Split(' ')[0]);
        static double Time(string line) => double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Time(lines[1]) <= Time(lines[2]), string.Join('\n', lines));
    }

    [Fact]
    public async Task A_secret_is_readable_in_the_step_and_absent_from_the_layer_the_records_and_the_log()
    {
        ExecHarness.RequireRunc();
        const string Secret = "s3cr3t-value-4711";
        using var secretFile = new TempDirectory("cb-secret");
        var path = Path.Combine(secretFile.Path, "token");
        await File.WriteAllTextAsync(path, Secret, ExecHarness.Token);
        using var harness = new ExecHarness { Exec = new ExecEngineOptions { Secrets = new Dictionary<string, SecretSource> { ["token"] = SecretSource.FromFile(path) } } };

        var solved = await harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "wc -c < /run/secrets/token > /length; echo done", new SecretMount("/run/secrets/token", "token")));

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal(Secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(items, i => i.Path == "length").Content!.Trim());
        Assert.DoesNotContain(items, i => i.Path.StartsWith("run", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, solved.Log, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(harness.Store.Root, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(file, ExecHarness.Token), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_secret_env_var_is_set_in_the_step_only_and_never_reaches_the_store_the_log_or_the_key()
    {
        ExecHarness.RequireRunc();
        const string Secret = "env-s3cr3t-0815";
        using var secretFile = new TempDirectory("cb-secret");
        var path = Path.Combine(secretFile.Path, "token");
        await File.WriteAllTextAsync(path, Secret, ExecHarness.Token);
        using var harness = new ExecHarness { Exec = new ExecEngineOptions { Secrets = new Dictionary<string, SecretSource> { ["token"] = SecretSource.FromFile(path) } } };
        var state = State.Image(ExecHarness.Busybox).Run(new RunOptions
        {
            Args = ["sh", "-c", "printf %s \"$TOKEN\" | sha256sum | cut -c1-64 > /hash; echo \"${MISSING-unset}\" > /missing; cat /proc/sys/kernel/random/uuid > /stamp"],
            Env = PathEnv,
            SecretEnvironment = [new SecretEnv("TOKEN", "token"), new SecretEnv("MISSING", "not-given") { Optional = true }],
        }).Root;

        var solved = await harness.SolveAsync(state);
        await File.WriteAllTextAsync(path, "another value", ExecHarness.Token);
        var again = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret)));
        Assert.Equal(hash, Assert.Single(items, i => i.Path == "hash").Content!.Trim());
        Assert.Equal("unset\n", Assert.Single(items, i => i.Path == "missing").Content);
        Assert.Equal(solved.Result.Id, again.Result.Id); // a new secret value does not rerun the step, as in BuildKit
        foreach (var file in Directory.EnumerateFiles(harness.Store.Root, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(file, ExecHarness.Token), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_required_secret_names_it()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();

        var failed = await Assert.ThrowsAsync<SolveFailed>(() => harness.SolveAsync(Run(State.Image(ExecHarness.Busybox), "true", new SecretMount("/run/secrets/x", "nope"))));

        Assert.Equal("nope", Assert.IsType<SecretNotFoundException>(failed.InnerException?.InnerException).Id);
    }

    [Fact]
    public async Task Network_none_has_only_the_loopback_interface()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var state = State.Image(ExecHarness.Busybox).Run(new RunOptions { Args = ["sh", "-c", "ls /sys/class/net > /ifaces"], Env = PathEnv, Network = Graph.ExecNetwork.None }).Root;

        var solved = await harness.SolveAsync(state);

        Assert.Equal("lo\n", Assert.Single(await harness.ReadLayerAsync(solved.Result.Layers[^1]), i => i.Path == "ifaces").Content);
    }
}
