using System.Collections.Concurrent;
using ContainerBuild.DotNet;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Oci;
using ContainerBuild.Solver;
using ContainerBuild.Solver.Progress;
using static ContainerBuild.Tests.DotNet.DotNetBuilds;

namespace ContainerBuild.Tests.DotNet;

/// <summary>ContainerRun steps in real .NET images (issue 8): apt installs with cache mounts before the app, steps that see the app after it, each platform's own.</summary>
public sealed class ContainerRunImageTests : IDisposable
{
    private const string AptInstall = "apt-get update && apt-get install -y --no-install-recommends curl";
    private const string AptCaches = "type=cache,target=/var/cache/apt,sharing=locked;type=cache,target=/var/lib/apt,sharing=locked";
    private const string ListApp = "test -f WebApi.dll && ls > /app-files.txt";

    private readonly TempDirectory temp = new("cb-dotnet-run");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task An_apt_install_before_the_app_puts_curl_in_the_image_and_stays_cached_after_an_app_change_while_a_step_after_the_app_sees_its_files_and_runs_again()
    {
        Requires.Registry();
        Requires.Program("runc");
        var docker = Requires.Docker();
        var app = (await PublishedApp.SharedAsync(PublishedApp.Sample("WebApi"))).CopyTo(temp.Combine("publish"));
        var repository = NewRepository("run");
        var first = new Recorder();
        var request = Request(app, Base("dotnet/aspnet:10.0"), repository, temp, "dotnet", "/app/WebApi.dll") with
        {
            RunSteps =
            [
                ContainerRunStep.Parse(ListApp, stage: "AfterApp"),
                ContainerRunStep.Parse(AptInstall, mounts: AptCaches, network: "host"),
            ],
            ProgressSink = first,
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        var baseLayers = (await Build.CopyBuilds.SkopeoAsync($"docker://{Base("dotnet/aspnet:10.0")}")).GetProperty("Layers").GetArrayLength();
        var appLayers = app.Files.Select(f => f.Layer).Distinct().Count();
        var layers = result.Build.Manifests[0].Layers;
        Assert.Equal(baseLayers + 1 + appLayers + 1, layers.Count);

        // The install's layer: curl, no apt lists or downloaded packages (they stay in the cache mounts), times clamped to the source date.
        var installed = await LayerEntriesAsync(request.StoreRoot!, layers[baseLayers]);
        Assert.Contains(installed, e => e.Path == "usr/bin/curl");
        Assert.DoesNotContain(installed, e => e.Path.StartsWith("var/lib/apt/lists/", StringComparison.Ordinal) || e.Path.EndsWith(".deb", StringComparison.Ordinal));
        Assert.All(installed, e => Assert.True(e.ModifiedTime <= SourceDate, $"{e.Path} has {e.ModifiedTime:O}, after the source date"));
        var listed = await LayerEntriesAsync(request.StoreRoot!, layers[^1]);
        Assert.Contains(listed, e => e.Path == "app-files.txt");

        // The image's user stays the base's APP_UID; the steps are named in the history in the order they ran.
        var config = Json(result.ConfigJson);
        Assert.Equal("1654", config.GetProperty("config").GetProperty("User").GetString());
        var history = config.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()).ToList();
        Assert.Equal("RUN " + ListApp, history[^1]);
        Assert.Equal("RUN " + AptInstall, history[^(appLayers + 2)]);

        var name = result.Names[0];
        try
        {
            var curl = await ProcessRunner.RunAsync(docker, ["run", "--rm", "--network=none", "--entrypoint", "curl", name, "--version"], timeout: TimeSpan.FromMinutes(3), cancellationToken: Token);
            Assert.StartsWith("curl ", curl.EnsureSuccess("docker run curl --version").StandardOutput, StringComparison.Ordinal);
            var files = await ProcessRunner.RunAsync(docker, ["run", "--rm", "--network=none", "--entrypoint", "cat", name, "/app-files.txt"], timeout: TimeSpan.FromMinutes(3), cancellationToken: Token);
            Assert.Contains("WebApi.dll", files.EnsureSuccess("docker run cat").StandardOutput.Split('\n'));
        }
        finally
        {
            await DockerRemoveImageAsync(name);
        }

        // A change in the app: the install is a cache hit and its layer the same; the step after the app runs again and sees the new file.
        var changed = temp.Combine("publish", "changed.txt");
        File.WriteAllText(changed, "a change in the app");
        var second = new Recorder();
        var again = await new DotNetImageBuilder().BuildAsync(
            request with
            {
                Platforms = [new DotNetImagePlatform(Platform.LinuxAmd64, "linux-x64", [.. app.Files, new DotNetPublishFile(changed, "changed.txt", DotNetLayerKind.App)])],
                ProgressSink = second,
            },
            Token);

        var install = Assert.Single(second.Completed("RUN apt-get"));
        Assert.True(install.Cached, second.Describe());
        var listing = Assert.Single(second.Completed("RUN test -f"));
        Assert.False(listing.Cached, second.Describe());
        var now = again.Build.Manifests[0].Layers;
        Assert.Equal(layers.Take(baseLayers + 1), now.Take(baseLayers + 1));
        Assert.NotEqual(layers[^2].Digest, now[^2].Digest);
        Assert.Contains(await LayerEntriesAsync(request.StoreRoot!, now[^2]), e => e.Path == "app/changed.txt");
    }

    [Fact]
    public async Task Each_platform_runs_the_steps_in_its_own_architecture()
    {
        Requires.Registry();
        Requires.Program("runc");
        Requires.Component("arm64 emulation (binfmt)", Environment.GetEnvironmentVariable("CB_TEST_ARM64") == "1", "run `bash eng/testenv/up.sh` on a machine with qemu-user-static");
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var request = Request(app, Base("dotnet/runtime-deps:10.0"), NewRepository("run-arch"), temp, "/app/Hello") with
        {
            Platforms = [app.For(Platform.LinuxAmd64, "linux-x64"), app.For(Platform.Parse("linux/arm64"), "linux-arm64")],
            RunSteps = [ContainerRunStep.Parse("mkdir -p /arch/$(uname -m)", network: "none")],
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["amd64"] = "arch/x86_64", ["arm64"] = "arch/aarch64" };
        Assert.Equal(2, result.Build.Manifests.Count);
        foreach (var manifest in result.Build.Manifests)
        {
            var own = expected[manifest.Platform.Architecture];
            var runLayers = new List<string>();
            foreach (var layer in manifest.Layers)
            {
                runLayers.AddRange((await LayerEntriesAsync(request.StoreRoot!, layer)).Select(e => e.Path.TrimEnd('/')).Where(p => p.StartsWith("arch/", StringComparison.Ordinal)));
            }

            Assert.Equal([own], runLayers);
        }
    }

    [Fact]
    public async Task A_failing_step_fails_the_build_with_its_exit_code_and_last_lines()
    {
        Requires.Registry();
        Requires.Program("runc");
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("run-fail"), temp, "dotnet", "/app/Hello.dll") with
        {
            RunSteps = [ContainerRunStep.Parse("echo no package called nothing-here >&2; exit 3", network: "none")],
        };

        var error = await Assert.ThrowsAsync<SolveException>(() => new DotNetImageBuilder().BuildAsync(request, Token));

        Assert.Equal("RUN echo no package called nothing-here >&2; exit 3", error.VertexName);
        var failed = Assert.IsType<ExecFailedException>(error.InnerException);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains(failed.LastLines, l => l.Contains("no package called nothing-here", StringComparison.Ordinal));
    }

    private sealed class Recorder : IProgressSink
    {
        private readonly ConcurrentBag<VertexUpdate> vertices = [];

        public void Publish(SolveStatus status)
        {
            foreach (var vertex in status.Vertexes)
            {
                vertices.Add(vertex);
            }
        }

        // A vertex is reported started before the solver knows it is a hit; its completion says CACHED or not.
        public List<VertexUpdate> Completed(string namePrefix) =>
            [.. vertices.Where(v => v.Completed is not null && v.Name.StartsWith(namePrefix, StringComparison.Ordinal)).DistinctBy(v => v.Digest)];

        public string Describe() => string.Join("\n", vertices.Where(v => v.Completed is not null).Select(v => $"{v.Name} cached={v.Cached}"));
    }
}
