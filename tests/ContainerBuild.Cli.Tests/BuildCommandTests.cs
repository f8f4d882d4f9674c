using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli.Tests;

/// <summary>
/// <c>build</c> end to end: small Dockerfiles on the test registry's busybox, built by the CLI in process with its own
/// store, and what they made checked in the registry, in dockerd, in OCI layouts and in exported folders.
/// </summary>
public sealed class BuildCommandTests : IDisposable
{
    private const string Hello = "hello from the context\n";
    private readonly TempDirectory temp = new("cb-build-cli");
    private int contexts;

    public void Dispose() => temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Busybox => $"{TestEnvironment.Registry}/busybox:latest";

    private static string NewRepository(string prefix) => $"{TestEnvironment.Registry}/cb-test/{prefix}-{Guid.NewGuid():N}"[..^20];

    /// <summary>Exec tests need the registry, runc and root (overlay mounts).</summary>
    private static void RequiresRun()
    {
        Requires.Registry();
        Requires.Program("runc");
        Requires.Component("root (for overlay mounts and runc)", Environment.UserName == "root", "run the tests as root");
    }

    /// <summary>A fresh context folder holding the Dockerfile, hello.txt and <paramref name="files"/>.</summary>
    private string Context(string dockerfile, params (string Path, string Content)[] files)
    {
        var directory = temp.Combine($"context-{++contexts}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), dockerfile.ReplaceLineEndings("\n"));
        File.WriteAllText(Path.Combine(directory, "hello.txt"), Hello);
        foreach (var (path, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, path), content);
        }

        return directory;
    }

    private Dictionary<string, string?> BuildEnvironment(params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string?> { ["CONTAINERBUILD_ROOT"] = temp.Combine("store") };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    private async Task<CliRun> BuildAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var run = await CliRun.RunAsync(new CliContext(environment) { WorkingDirectory = temp.Path }, ["build", .. args]);
        TestContext.Current.SendDiagnosticMessage("build {0} -> {1}\n{2}", string.Join(' ', args), run.ExitCode, run.All);
        return run;
    }

    private Task<CliRun> BuildAsync(params string[] args) => BuildAsync(BuildEnvironment(), args);

    private static void AssertSucceeded(CliRun run) => Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.All}");

    [Fact]
    public async Task Push_sends_a_COPY_RUN_ENV_image_to_the_registry_and_the_metadata_file_describes_it()
    {
        RequiresRun();
        var context = Context($"""
            FROM {Busybox}
            ENV GREETING=hello
            WORKDIR /app
            COPY hello.txt /app/
            RUN cat /app/hello.txt > /app/copy.txt && echo built-it
            CMD cat /app/copy.txt
            """);
        var name = NewRepository("build-push") + ":1";

        var run = await BuildAsync(context, "-t", name, "--push", "--progress", "plain", "--metadata-file", "metadata.json", "--iidfile", "iid.txt");

        AssertSucceeded(run);
        Assert.Contains("built-it", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("No output specified", run.Error, StringComparison.Ordinal);
        var raw = await CliRun.RunAsync("imagetools", "inspect", "--raw", name);
        var pushed = Digest.Compute(Encoding.UTF8.GetBytes(raw.Output));
        using var metadata = JsonDocument.Parse(File.ReadAllText(temp.Combine("metadata.json")));
        var root = metadata.RootElement;
        Assert.Equal(pushed.ToString(), root.GetProperty("containerimage.digest").GetString());
        Assert.Equal(pushed.ToString(), root.GetProperty("containerimage.descriptor").GetProperty("digest").GetString());
        Assert.Equal(MediaType.OciManifest.ToString(), root.GetProperty("containerimage.descriptor").GetProperty("mediaType").GetString());
        Assert.Equal(name, root.GetProperty("image.name").GetString());
        Assert.Matches("^containerbuild/default/[a-z0-9]{25}$", root.GetProperty("buildx.build.ref").GetString());
        var configDigest = ImageManifest.Parse(Encoding.UTF8.GetBytes(raw.Output)).Config.Digest.ToString();
        Assert.Equal(configDigest, root.GetProperty("containerimage.config.digest").GetString());
        Assert.Equal(configDigest, File.ReadAllText(temp.Combine("iid.txt")));

        var inspect = await CliRun.RunAsync("imagetools", "inspect", "--format", "json", name);
        using var json = JsonDocument.Parse(inspect.Output);
        var config = json.RootElement.GetProperty("image").GetProperty("config");
        Assert.Contains("GREETING=hello", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal(["/bin/sh", "-c", "cat /app/copy.txt"], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Load_puts_the_image_into_docker_under_its_tag_and_it_runs()
    {
        RequiresRun();
        var docker = Requires.Docker();
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            RUN cat /app/hello.txt > /app/copy.txt
            """);
        var name = $"cb-cli-load-{Guid.NewGuid():N}"[..24] + ":1";
        try
        {
            var run = await BuildAsync(context, "-t", name, "--load", "--iidfile", "iid.txt");

            AssertSucceeded(run);
            var output = (await ProcessRunner.RunAsync(docker, ["run", "--rm", "--network=none", name, "cat", "/app/copy.txt"], cancellationToken: Token)).EnsureSuccess("docker run");
            Assert.Equal(Hello, output.StandardOutput);
            var id = (await ProcessRunner.RunAsync(docker, ["image", "inspect", "--format", "{{.Id}}", name], cancellationToken: Token)).EnsureSuccess("docker image inspect");
            Assert.Equal(id.StandardOutput.Trim(), File.ReadAllText(temp.Combine("iid.txt")));
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", name], cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Oci_outputs_write_an_archive_skopeo_reads_and_a_layout_in_one_build()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            """);

        var run = await BuildAsync(context, "-o", "type=oci,dest=image.tar", "-o", "type=oci,dest=layout,tar=false", "--metadata-file", "metadata.json");

        AssertSucceeded(run);
        var inspect = (await ProcessRunner.RunAsync(skopeo, ["inspect", $"oci-archive:{temp.Combine("image.tar")}"], cancellationToken: Token)).EnsureSuccess("skopeo inspect");
        using var archive = JsonDocument.Parse(inspect.StandardOutput);
        using var metadata = JsonDocument.Parse(File.ReadAllText(temp.Combine("metadata.json")));
        var digest = metadata.RootElement.GetProperty("containerimage.digest").GetString();
        Assert.Equal(digest, archive.RootElement.GetProperty("Digest").GetString());
        var layout = new OciLayoutReader(temp.Combine("layout"));
        Assert.Equal(digest, layout.Root.Digest.ToString());
        var entries = layout.LayerEntries(layout.Manifests()[0].Layers[^1]);
        Assert.Contains(entries, e => e.Name.TrimStart('.', '/') == "app/hello.txt" && Encoding.UTF8.GetString(e.Content) == Hello);
    }

    [Fact]
    public async Task A_failing_RUN_exits_1_with_the_step_its_exit_code_and_its_last_log_lines()
    {
        RequiresRun();
        var context = Context($"""
            FROM {Busybox}
            RUN echo first-line && echo last-words >&2 && exit 3
            """);

        var plain = await BuildAsync(context, "--progress", "plain");
        var quiet = await BuildAsync(context, "-q");

        foreach (var run in (CliRun[])[plain, quiet])
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Empty(run.Output);
            var lines = run.Error.TrimEnd('\n').Split('\n');
            Assert.StartsWith("error: failed to solve: ", lines[^1], StringComparison.Ordinal);
            Assert.Contains("RUN echo first-line", lines[^1], StringComparison.Ordinal);
            Assert.EndsWith("did not complete successfully: exit code: 3", lines[^1], StringComparison.Ordinal);
            var block = string.Join('\n', lines.SkipWhile(l => l != "------"));
            Assert.Contains("RUN echo first-line", block, StringComparison.Ordinal);
            Assert.Contains("last-words", block, StringComparison.Ordinal);
            Assert.Contains("first-line", block, StringComparison.Ordinal);
        }

        Assert.Contains("ERROR: process \"/bin/sh -c echo first-line", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_reach_the_RUN_that_mounts_them_and_nothing_else()
    {
        RequiresRun();
        var fileValue = "file-secret-" + Guid.NewGuid().ToString("N");
        var envValue = "env-secret-" + Guid.NewGuid().ToString("N");
        var variable = "CB_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        File.WriteAllText(temp.Combine("token.txt"), fileValue);
        Environment.SetEnvironmentVariable(variable, envValue);
        try
        {
            var context = Context($"""
                FROM {Busybox}
                RUN --mount=type=secret,id=tok --mount=type=secret,id=envtok sha256sum /run/secrets/tok /run/secrets/envtok | cut -d' ' -f1 > /hashes && echo mounted
                """);

            var run = await BuildAsync(
                BuildEnvironment((variable, envValue)),
                context, "--secret", "id=tok,src=token.txt", "--secret", $"id=envtok,env={variable}", "--progress", "plain",
                "-o", "type=local,dest=rootfs", "-o", "type=oci,dest=layout,tar=false", "--metadata-file", "metadata.json");

            AssertSucceeded(run);
            Assert.Equal($"{Sha256(fileValue)}\n{Sha256(envValue)}\n", File.ReadAllText(temp.Combine("rootfs", "hashes")));
            Assert.False(File.Exists(temp.Combine("rootfs", "run", "secrets", "tok")));
            var everything = Directory.EnumerateFiles(temp.Combine("rootfs"), "*", SearchOption.AllDirectories)
                .Where(f => new FileInfo(f).LinkTarget is null)
                .Select(File.ReadAllBytes)
                .Concat(new OciLayoutReader(temp.Combine("layout")).AllContent())
                .Append(Encoding.UTF8.GetBytes(run.All))
                .Append(File.ReadAllBytes(temp.Combine("metadata.json")));
            foreach (var bytes in everything)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(fileValue)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(envValue)));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task An_ssh_agent_socket_is_forwarded_to_the_RUN_that_mounts_it()
    {
        RequiresRun();
        using var agent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        agent.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(temp.Combine("agent.sock")));
        agent.Listen();
        var context = Context($"""
            FROM {Busybox}
            RUN --mount=type=ssh test -S "$SSH_AUTH_SOCK" && echo agent-ok > /ok
            """);

        var run = await BuildAsync(BuildEnvironment(("SSH_AUTH_SOCK", temp.Combine("agent.sock"))), context, "--ssh", "default", "-o", "type=local,dest=rootfs");

        AssertSucceeded(run);
        Assert.Equal("agent-ok\n", File.ReadAllText(temp.Combine("rootfs", "ok")));
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_as_a_build_arg_dates_the_config_and_history_and_rewrite_timestamp_clamps_new_files()
    {
        RequiresRun();
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            RUN touch /app/new.txt
            """);
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var run = await BuildAsync(context, "--build-arg", "SOURCE_DATE_EPOCH=1700000000", "-o", "type=oci,dest=layout,tar=false,rewrite-timestamp=true");

        AssertSucceeded(run);
        var layout = new OciLayoutReader(temp.Combine("layout"));
        var manifest = Assert.Single(layout.Manifests());
        var config = layout.Config(manifest);
        Assert.Equal(epoch, config.Created);
        Assert.Equal([epoch, epoch], config.History!.TakeLast(2).Select(h => h.Created));
        var newEntries = manifest.Layers.TakeLast(2).SelectMany(layout.LayerEntries).ToList();
        Assert.Contains(newEntries, e => e.Name.EndsWith("app/new.txt", StringComparison.Ordinal));
        Assert.All(newEntries, e => Assert.True(e.ModificationTime <= epoch, $"{e.Name} is dated {e.ModificationTime}"));
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_from_the_environment_dates_the_image_and_without_it_outside_git_the_date_is_1970()
    {
        Requires.Registry();
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            """);

        var dated = await BuildAsync(BuildEnvironment(("SOURCE_DATE_EPOCH", "1600000000")), context, "-o", "type=oci,dest=dated,tar=false");
        var undated = await BuildAsync(context, "-o", "type=oci,dest=undated,tar=false");

        AssertSucceeded(dated);
        AssertSucceeded(undated);
        var datedLayout = new OciLayoutReader(temp.Combine("dated"));
        var undatedLayout = new OciLayoutReader(temp.Combine("undated"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), datedLayout.Config(datedLayout.Manifests()[0]).Created);
        Assert.Equal(DateTimeOffset.UnixEpoch, undatedLayout.Config(undatedLayout.Manifests()[0]).Created);
    }

    [Fact]
    public async Task Several_platforms_make_an_index_and_quiet_prints_its_digest()
    {
        Requires.Registry();
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            """);

        var run = await BuildAsync(context, "--platform", "linux/amd64,linux/arm64", "-o", "type=oci,dest=layout,tar=false", "-q");

        AssertSucceeded(run);
        var layout = new OciLayoutReader(temp.Combine("layout"));
        Assert.True(layout.Root.MediaType.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm64"], layout.Platforms().Select(p => $"{p!.OS}/{p.Architecture}"));
        Assert.Equal(layout.Root.Digest.ToString() + "\n", run.Output);
    }

    [Fact]
    public async Task A_Dockerfile_on_standard_input_builds_without_context_or_with_one()
    {
        RequiresRun();
        var context = Context("FROM scratch\n");
        var withoutContext = new CliContext(BuildEnvironment()) { WorkingDirectory = temp.Path, StandardInput = new StringReader($"FROM {Busybox}\nRUN echo from-stdin > /x\n") };
        var withContext = new CliContext(BuildEnvironment()) { WorkingDirectory = temp.Path, StandardInput = new StringReader($"FROM {Busybox}\nCOPY hello.txt /x\n") };

        var first = await CliRun.RunAsync(withoutContext, "build", "-", "-o", "type=local,dest=first");
        var second = await CliRun.RunAsync(withContext, "build", "-f", "-", context, "-o", "type=local,dest=second");

        AssertSucceeded(first);
        AssertSucceeded(second);
        Assert.Equal("from-stdin\n", File.ReadAllText(temp.Combine("first", "x")));
        Assert.Equal(Hello, File.ReadAllText(temp.Combine("second", "x")));
    }

    [Fact]
    public async Task The_dockerignore_beside_the_Dockerfile_wins_over_the_contexts()
    {
        Requires.Registry();
        var dockerfile = $"""
            FROM {Busybox}
            COPY . /ctx/
            """;
        var context = Context(dockerfile, (".dockerignore", "drop.txt\n"), ("keep.txt", "keep"), ("drop.txt", "drop"), ("custom.Dockerfile", dockerfile), ("custom.Dockerfile.dockerignore", "keep.txt\n"));

        var byDefault = await BuildAsync(context, "-o", "type=local,dest=default");
        var custom = await BuildAsync("-f", Path.Combine(context, "custom.Dockerfile"), context, "-o", "type=local,dest=custom");

        AssertSucceeded(byDefault);
        AssertSucceeded(custom);
        Assert.True(File.Exists(temp.Combine("default", "ctx", "keep.txt")));
        Assert.False(File.Exists(temp.Combine("default", "ctx", "drop.txt")));
        Assert.False(File.Exists(temp.Combine("custom", "ctx", "keep.txt")));
        Assert.True(File.Exists(temp.Combine("custom", "ctx", "drop.txt")));
    }

    [Fact]
    public async Task Target_build_args_and_labels_reach_the_frontend()
    {
        RequiresRun();
        var context = Context($"""
            FROM {Busybox} AS base
            ARG NAME=default
            RUN echo "$NAME" > /name
            FROM base AS extra
            RUN echo extra > /extra
            """);

        var fromFlag = await BuildAsync(context, "--target", "base", "--build-arg", "NAME=from-flag", "--label", "org.example.k=v", "-o", "type=local,dest=flag", "-o", "type=oci,dest=layout,tar=false");
        var fromEnvironment = await BuildAsync(BuildEnvironment(("NAME", "from-env")), context, "--build-arg", "NAME", "-o", "type=local,dest=env");

        AssertSucceeded(fromFlag);
        AssertSucceeded(fromEnvironment);
        Assert.Equal("from-flag\n", File.ReadAllText(temp.Combine("flag", "name")));
        Assert.False(File.Exists(temp.Combine("flag", "extra")));
        var layout = new OciLayoutReader(temp.Combine("layout"));
        Assert.Equal("v", layout.Config(layout.Manifests()[0]).Config!.Labels!["org.example.k"]);
        Assert.Equal("from-env\n", File.ReadAllText(temp.Combine("env", "name")));
        Assert.True(File.Exists(temp.Combine("env", "extra")));
    }

    [Fact]
    public async Task Without_an_output_the_image_stays_in_the_store_with_a_warning_and_a_rebuild_is_cached_unless_no_cache()
    {
        RequiresRun();
        var context = Context($"""
            FROM {Busybox}
            RUN echo ran > /ran
            """);

        var first = await BuildAsync(context, "--progress", "plain");
        var second = await BuildAsync(context, "--progress", "plain");
        var third = await BuildAsync(context, "--progress", "plain", "--no-cache");

        AssertSucceeded(first);
        Assert.Contains("WARNING: No output specified", first.Error, StringComparison.Ordinal);
        const string Step = @"(?m)^#(\d+) (\[[^\]]*\] )?RUN echo ran > /ran\n#\1 ";
        Assert.Matches(Step + "DONE", first.Error);
        Assert.Matches(Step + "CACHED$", second.Error);
        Assert.Matches(Step + "DONE", third.Error);
    }

    [Fact]
    public async Task Tty_progress_redraws_and_ends_with_the_finished_summary()
    {
        Requires.Registry();
        var context = Context($"""
            FROM {Busybox}
            COPY hello.txt /app/
            """);

        var run = await BuildAsync(context, "--progress", "tty", "-o", "type=oci,dest=image.tar");

        AssertSucceeded(run);
        Assert.Contains("\u001b[", run.Error, StringComparison.Ordinal);
        Assert.Matches(@"\[\+\] Building \d+\.\ds \((\d+)/\1\) FINISHED", run.Error);
        Assert.Contains(" => [internal] load build definition from Dockerfile", run.Error, StringComparison.Ordinal);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
