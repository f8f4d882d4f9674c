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

/// <summary>samples/WebApi built inside the local SDK image and run on the local aspnet image, as issue 8 asks.</summary>
public sealed class ContainerizedWebApiTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-netgraph");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task WebApi_builds_in_containers_runs_and_a_code_change_republishes_without_restoring_and_no_secret_reaches_the_image()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        Requires.Program("runc");
        var ct = TestContext.Current.CancellationToken;
        var project = CopyWebApi();
        var tag = $"cbtest/containerized-webapi:{Guid.NewGuid():N}";
        var secret = "cbsecret" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var credentialVariable = "NuGetPackageSourceCredentials_cbtest" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        System.Environment.SetEnvironmentVariable(credentialVariable, $"Username=u;Password={secret}");
        try
        {
            var environment = BuildEnvironment(credentialVariable, secret);
            var first = await BuildAsync(project, tag, environment, [], ct);
            Assert.Contains(ContainerizedTrust.NuGetSecretId(credentialVariable[ContainerizedTrust.NuGetCredentialsPrefix.Length..]), first.Plan.Trust.Secrets().Keys);
            Assert.NotNull(first.Plan.Trust.HostCertificates);
            Assert.Contains("Hello from ContainerBuild", await DotNetBuilds.RunAndGetAsync(docker, tag, "cb-netgraph-", ct), StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(project, "Program.cs"), File.ReadAllText(Path.Combine(project, "Program.cs")).Replace("Hello from ContainerBuild", "Changed greeting", StringComparison.Ordinal));
            var vertices = new ConcurrentBag<VertexUpdate>();
            var second = await BuildAsync(project, tag, environment, vertices, ct);
            var seen = vertices.ToList();
            var names = string.Join("\n", seen.Select(v => $"{v.Name} started={v.Started is not null} cached={v.Cached} completed={v.Completed is not null}"));

            // A vertex is reported started before the solver knows it is a hit; its completion says CACHED or not.
            var restores = seen.Where(v => v.Name.StartsWith("[build] RUN ", StringComparison.Ordinal) && v.Name.Contains("dotnet restore ", StringComparison.Ordinal) && v.Completed is not null).ToList();
            Assert.NotEmpty(restores);
            Assert.All(restores, v => Assert.True(v.Cached, names));
            var publishes = seen.Where(v => v.Name.StartsWith("[build] RUN dotnet publish ", StringComparison.Ordinal) && v.Completed is not null).ToList();
            Assert.NotEmpty(publishes);
            Assert.All(publishes, v => Assert.False(v.Cached, names));
            Assert.Contains("Changed greeting", await DotNetBuilds.RunAndGetAsync(docker, tag, "cb-netgraph-", ct), StringComparison.Ordinal);

            // Every byte of the image (layers and config) as docker saved it: no credential, no host CA.
            var saved = temp.Combine("saved.tar");
            (await ProcessRunner.RunAsync(docker, ["save", "-o", saved, tag], cancellationToken: ct)).EnsureSuccess("docker save");
            // The build metadata (what --metadata-file writes) of both builds as well.
            var metadata = string.Join("\n", first.Build.Metadata.Concat(second.Build.Metadata).Select(m => m.Key + "=" + m.Value));
            byte[] bytes = [.. await File.ReadAllBytesAsync(saved, ct), .. Encoding.UTF8.GetBytes(metadata)];
            Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(secret)));
            Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(credentialVariable)));
            foreach (var marker in HostOnlyCertificateLines())
            {
                Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(marker)));
            }
        }
        finally
        {
            System.Environment.SetEnvironmentVariable(credentialVariable, null);
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", tag], cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_generated_Dockerfile_built_by_docker_gives_the_same_files_and_config_ContainerRun_steps_included()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        Requires.Program("runc");
        var ct = TestContext.Current.CancellationToken;
        var project = CopyWebApi();

        // One step on the base with a cache mount, one on the app's files: both tools must run them alike. MSBuild reads
        // $(...) as a property, so the shell's command substitution is written %24(...).
        var csproj = Path.Combine(project, "WebApi.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <ItemGroup>
                <ContainerRun Include="before" Command="echo &quot;before as %24(id -u) in %24(pwd)&quot; > /opt/before.txt &amp;&amp; date > /var/cache/apt/cbtest-stamp" Mounts="type=cache,target=/var/cache/apt,sharing=locked" />
                <ContainerRun Include="after" Command="ls &gt; /opt/after.txt" Stage="AfterApp" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        var ours = $"cbtest/containerized-ours:{Guid.NewGuid():N}";
        var theirs = $"cbtest/containerized-docker:{Guid.NewGuid():N}";
        try
        {
            var environment = BuildEnvironment(null, null);
            var result = await BuildAsync(project, ours, environment, [], ct);
            Assert.Equal(2, result.Plan.ImageSettings.RunSteps.Count);
            var printed = ContainerizedDockerfile.For(result.Plan);
            Assert.Contains("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked [\"/bin/sh\",\"-c\",", printed, StringComparison.Ordinal);
            var before = await ProcessRunner.RunAsync(docker, ["run", "--rm", "--entrypoint", "cat", ours, "/opt/before.txt", "/opt/after.txt"], cancellationToken: ct);
            before.EnsureSuccess("docker run cat");
            Assert.StartsWith("before as 0 in /", before.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("WebApi.dll", before.StandardOutput, StringComparison.Ordinal);
            await DockerfileComparison.BuildWithDockerAsync(docker, result.Plan, theirs, temp, ct);
            await DockerfileComparison.AssertSameFilesAndConfigAsync(docker, ours, theirs, "app/WebApi.dll", temp, ct);
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", ours, theirs], cancellationToken: CancellationToken.None);
        }
    }

    private static async Task<ContainerizedBuildResult> BuildAsync(string project, string tag, IReadOnlyDictionary<string, string?> environment, ConcurrentBag<VertexUpdate> vertices, CancellationToken ct) =>
        await new ContainerizedBuildService().BuildAsync(
            new ContainerizedBuildRequest
            {
                ProjectPath = Path.Combine(project, "WebApi.csproj"),
                BaseRegistry = TestEnvironment.Registry,
                Outputs = [new ExportOutput { Type = OutputType.Docker, LoadClient = TestEnvironment.DockerCli, Image = new ImageExportOptions { Names = [ImageReference.Parse(tag)] } }],
                Environment = environment,
                StoreRoot = SharedStore,
                ProgressSink = new Recorder(vertices),
            },
            ct);

    // One store for the class's builds, so the SDK image is unpacked once; cache keys keep the copies apart.
    private static string SharedStore { get; } = Path.Combine(Path.GetTempPath(), "cb-netgraph-test-store");

    private string CopyWebApi()
    {
        var samples = Path.Combine(TestEnvironment.RepositoryRoot, "samples");
        var root = temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "WebApi"));
        foreach (var file in (string[])["Directory.Build.props", "Directory.Packages.props", "WebApi/WebApi.csproj", "WebApi/Program.cs"])
        {
            File.Copy(Path.Combine(samples, file), Path.Combine(root, file));
        }

        return Path.Combine(root, "WebApi");
    }

    private static Dictionary<string, string?> BuildEnvironment(string? credentialVariable, string? secret)
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        if (credentialVariable is not null)
        {
            environment[credentialVariable] = $"Username=u;Password={secret}";
        }

        environment.Remove("CONTAINERBUILD_ROOT");
        environment.Remove("NPM_TOKEN");
        return environment;
    }

    // Lines of the CA certificates the host adds to its bundle (the sandbox's egress CA), which no image's bundle has.
    private static IEnumerable<string> HostOnlyCertificateLines()
    {
        const string folder = "/usr/local/share/ca-certificates";
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.crt")
            .SelectMany(f => File.ReadAllLines(f).Where(l => l.Length >= 60 && !l.StartsWith("-----", StringComparison.Ordinal)).Take(2))
            .ToList();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private sealed class Recorder(ConcurrentBag<VertexUpdate> vertices) : IProgressSink
    {
        public void Publish(SolveStatus status)
        {
            foreach (var vertex in status.Vertexes)
            {
                vertices.Add(vertex);
            }
        }
    }
}
