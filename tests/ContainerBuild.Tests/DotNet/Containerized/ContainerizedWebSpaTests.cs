using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;
using ContainerBuild.Testing;

namespace ContainerBuild.Tests.DotNet.Containerized;

/// <summary>samples/WebSpa built in containers: its front end in a node stage with the npm cache mounted (issue 8).</summary>
public sealed class ContainerizedWebSpaTests : IDisposable
{
    // The store of ContainerizedWebApiTests too, so the SDK image is unpacked once; cache keys keep the copies apart.
    private static readonly string SharedStore = Path.Combine(Path.GetTempPath(), "cb-netgraph-test-store");

    private readonly TempDirectory temp = new("cb-webspa");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task WebSpa_serves_its_built_front_end_a_code_change_keeps_npm_cached_and_a_package_json_change_reinstalls_from_the_warm_cache()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        Requires.Program("runc");
        var ct = TestContext.Current.CancellationToken;
        var project = CopyWebSpa();
        var run = Guid.NewGuid().ToString("N");
        var tag = $"cbtest/containerized-webspa:{run}";
        try
        {
            var first = await BuildAsync(project, tag, new Recorder(), ct);
            Assert.NotNull(first.Plan.NodeImage);
            Assert.Contains("npm ci", ContainerizedDockerfile.For(first.Plan), StringComparison.Ordinal);
            Assert.Contains("AS frontend", ContainerizedDockerfile.For(first.Plan), StringComparison.Ordinal);

            // index.md's bold "npm", rendered by marked in the node stage: the page was built there, not copied from the host.
            var page = await DotNetBuilds.RunAndGetAsync(docker, tag, "cb-webspa-", ct);
            Assert.Contains("<strong>npm</strong>", page, StringComparison.Ordinal);
            var fetchesBefore = NpmCacheIndexEntries();
            Assert.True(fetchesBefore > 0, "npm ci stored no registry response in the npm cache mount");

            // A one-line change in the app (unique per run: the shared store remembers earlier runs): publish again, nothing of the front end.
            Edit(project, "Program.cs", "Hello from the WebSpa API", "Changed WebSpa API " + run);
            var codeChange = new Recorder();
            await BuildAsync(project, tag, codeChange, ct);
            var frontEndSteps = codeChange.Completed("[frontend] RUN ");
            Assert.Equal(3, frontEndSteps.Count); // apt install, npm ci, npm run build
            Assert.All(frontEndSteps, v => Assert.True(v.Cached, codeChange.Describe()));
            var publishes = codeChange.Completed("[build] RUN ").Where(v => v.Name.Contains(" dotnet publish ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(publishes);
            Assert.All(publishes, v => Assert.False(v.Cached, codeChange.Describe()));

            // A change in package.json alone: npm ci again, served by the cache mount (no new fetch recorded in its index).
            Edit(project, "package.json", "\"private\": true,", "\"private\": true,\n  \"keywords\": [\"" + run + "\"],");
            var packageChange = new Recorder();
            await BuildAsync(project, tag, packageChange, ct);
            var installs = packageChange.Completed("[frontend] RUN cd /src/WebSpa && npm ci ");
            Assert.Single(installs);
            Assert.False(installs[0].Cached, packageChange.Describe());
            Assert.All(packageChange.Completed("[build] RUN dotnet restore "), v => Assert.True(v.Cached, packageChange.Describe()));
            var log = packageChange.LogOf(installs[0].Digest);
            Assert.Contains("added 1 package", log, StringComparison.Ordinal);
            Assert.Equal(fetchesBefore, NpmCacheIndexEntries());
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", tag], cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_generated_Dockerfile_built_by_docker_gives_the_same_files_and_config()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        Requires.Program("runc");
        var ct = TestContext.Current.CancellationToken;
        var project = CopyWebSpa();
        var ours = $"cbtest/containerized-webspa-ours:{Guid.NewGuid():N}";
        var theirs = $"cbtest/containerized-webspa-docker:{Guid.NewGuid():N}";
        try
        {
            var result = await BuildAsync(project, ours, new Recorder(), ct);
            await DockerfileComparison.BuildWithDockerAsync(docker, result.Plan, theirs, temp, ct);
            await DockerfileComparison.AssertSameFilesAndConfigAsync(docker, ours, theirs, "app/wwwroot/index.html", temp, ct);
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", ours, theirs], cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_NPM_TOKEN_set_npm_reads_it_and_no_layer_config_log_or_metadata_of_the_image_holds_it()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        Requires.Program("runc");
        var ct = TestContext.Current.CancellationToken;
        var project = CopyWebSpa();
        var run = Guid.NewGuid().ToString("N");
        var token = "npm_cbsecret" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

        // npm expands ${NPM_TOKEN} when it reads .npmrc and fails when the variable is unset: the install step must see it.
        // The scope is never used, so no registry gets the made-up token; the run id makes the install run again here.
        File.WriteAllText(Path.Combine(project, ".npmrc"), $"# {run}\n@cbtest-private:registry=https://npm.cbtest.invalid/\n//npm.cbtest.invalid/:_authToken=${{NPM_TOKEN}}\n");
        var tag = $"cbtest/containerized-webspa-token:{run}";

        // The secret is read from the process environment when the step runs, as the CLI's would be.
        System.Environment.SetEnvironmentVariable("NPM_TOKEN", token);
        try
        {
            var recorder = new Recorder();
            var result = await BuildAsync(project, tag, recorder, ct, token);
            Assert.Contains(ContainerizedTrust.NpmTokenSecretId, result.Plan.Trust.Secrets().Keys);
            var installs = recorder.Completed("[frontend] RUN ");
            Assert.Contains(installs, v => v.Name.Contains("npm ci", StringComparison.Ordinal) && !v.Cached);

            var saved = temp.Combine("saved.tar");
            (await ProcessRunner.RunAsync(docker, ["save", "-o", saved, tag], cancellationToken: ct)).EnsureSuccess("docker save");
            var metadata = string.Join("\n", result.Build.Metadata.Select(m => m.Key + "=" + m.Value));
            byte[] bytes = [.. await File.ReadAllBytesAsync(saved, ct), .. Encoding.UTF8.GetBytes(metadata), .. Encoding.UTF8.GetBytes(recorder.AllLogs())];
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
            Assert.Contains("<strong>npm</strong>", await DotNetBuilds.RunAndGetAsync(docker, tag, "cb-webspa-", ct), StringComparison.Ordinal);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("NPM_TOKEN", null);
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", tag], cancellationToken: CancellationToken.None);
        }
    }

    private static async Task<ContainerizedBuildResult> BuildAsync(string project, string tag, Recorder recorder, CancellationToken ct, string? npmToken = null)
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        environment.Remove("CONTAINERBUILD_ROOT");
        environment.Remove("NPM_TOKEN");
        if (npmToken is not null)
        {
            environment["NPM_TOKEN"] = npmToken;
        }
        return await new ContainerizedBuildService().BuildAsync(
            new ContainerizedBuildRequest
            {
                ProjectPath = Path.Combine(project, "WebSpa.csproj"),
                BaseRegistry = TestEnvironment.Registry,
                Outputs = [new ExportOutput { Type = OutputType.Docker, LoadClient = TestEnvironment.DockerCli, Image = new ImageExportOptions { Names = [ImageReference.Parse(tag)] } }],
                Environment = environment,
                StoreRoot = SharedStore,
                ProgressSink = recorder,
            },
            ct);
    }

    // Each HTTP response npm stored is a make-fetch-happen line in cacache's index; a cache hit stores none (pacote's own
    // tarball lines are written on every extract, so they are not counted).
    private static int NpmCacheIndexEntries()
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ContainerizedPlan.NpmCacheId)));
        var index = Path.Combine(SharedStore, "mounts", name, "_cacache", "index-v5");
        return Directory.Exists(index)
            ? Directory.EnumerateFiles(index, "*", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Count(l => l.Contains("make-fetch-happen:request-cache:", StringComparison.Ordinal)))
            : 0;
    }

    // The sample's tracked files only: no host-built wwwroot or node_modules to be mistaken for the node stage's.
    private string CopyWebSpa()
    {
        var samples = Path.Combine(TestEnvironment.RepositoryRoot, "samples");
        var root = temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "WebSpa", "frontend"));
        foreach (var file in (string[])[
            "Directory.Build.props", "Directory.Packages.props", "WebSpa/WebSpa.csproj", "WebSpa/Program.cs", "WebSpa/package.json",
            "WebSpa/package-lock.json", "WebSpa/frontend/app.js", "WebSpa/frontend/build.mjs", "WebSpa/frontend/index.md"])
        {
            File.Copy(Path.Combine(samples, file), Path.Combine(root, file));
        }

        return Path.Combine(root, "WebSpa");
    }

    private static void Edit(string project, string file, string from, string to)
    {
        var path = Path.Combine(project, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private sealed class Recorder : IProgressSink
    {
        private readonly ConcurrentBag<VertexUpdate> vertices = [];
        private readonly ConcurrentQueue<VertexLog> logs = new();

        public void Publish(SolveStatus status)
        {
            foreach (var vertex in status.Vertexes)
            {
                vertices.Add(vertex);
            }

            foreach (var log in status.Logs)
            {
                logs.Enqueue(log);
            }
        }

        // A vertex is reported started before the solver knows it is a hit; its completion says CACHED or not.
        public List<VertexUpdate> Completed(string namePrefix) =>
            [.. vertices.Where(v => v.Completed is not null && v.Name.StartsWith(namePrefix, StringComparison.Ordinal)).DistinctBy(v => v.Digest)];

        public string LogOf(Digest vertex) => string.Concat(logs.Where(l => l.Vertex == vertex).Select(l => Encoding.UTF8.GetString(l.Data.Span)));

        public string AllLogs() => string.Concat(logs.Select(l => Encoding.UTF8.GetString(l.Data.Span)));

        public string Describe() => string.Join("\n", vertices.Where(v => v.Completed is not null).Select(v => $"{v.Name} cached={v.Cached}"));
    }
}
