using ContainerBuild.DotNet;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using static ContainerBuild.Tests.DotNet.DotNetBuilds;

namespace ContainerBuild.Tests.DotNet;

/// <summary>Images of real publishes (samples/WebApi, samples/Hello, an app with a package and a project reference) pushed, loaded and run.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DotNetImageBuilderTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dotnet");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task WebApi_pushed_onto_aspnet_gets_the_SDKs_config_and_answers_with_JSON_over_HTTP()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("WebApi"));
        var repository = NewRepository("webapi");
        var request = Request(app, Base("dotnet/aspnet:10.0"), repository, temp, "dotnet", "/app/WebApi.dll") with
        {
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["org.opencontainers.image.title"] = "webapi" },
            EnvironmentVariables = [new("GREETING", "hello")],
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        var name = $"{TestEnvironment.Registry}/{repository}:1";
        Assert.Equal([name], result.Names);
        Assert.Equal("1654", result.User);
        Assert.Equal(["8080/tcp"], result.Ports);
        var config = Json(result.ConfigJson).GetProperty("config");
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Equal(["dotnet", "/app/WebApi.dll"], Strings(config.GetProperty("Entrypoint")));
        Assert.False(config.TryGetProperty("Cmd", out _));
        Assert.Equal("/app/", config.GetProperty("WorkingDir").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        Assert.Contains("GREETING=hello", Strings(config.GetProperty("Env")));
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", Strings(config.GetProperty("Env")));
        var labels = config.GetProperty("Labels");
        Assert.Equal("webapi", labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(Base("dotnet/aspnet:10.0"), labels.GetProperty(DotNetImageConfig.BaseNameLabel).GetString());
        var baseManifest = (await Build.CopyBuilds.SkopeoAsync($"docker://{Base("dotnet/aspnet:10.0")}")).GetProperty("Digest").GetString();
        Assert.Equal(baseManifest, labels.GetProperty(DotNetImageConfig.BaseDigestLabel).GetString());
        Assert.Equal(SourceDate, Json(result.ConfigJson).GetProperty("created").GetDateTimeOffset());
        Assert.Equal(result.Digest.ToString(), (await Build.CopyBuilds.SkopeoAsync($"docker://{name}")).GetProperty("Digest").GetString());

        var port = FreePort();
        var container = $"cb-dotnet-webapi-{Guid.NewGuid():N}"[..30];
        try
        {
            (await ProcessRunner.RunAsync(docker, ["run", "-d", "--name", container, "-p", $"127.0.0.1:{port}:8080", name], cancellationToken: Token)).EnsureSuccess("docker run");
            var body = await GetWhenReadyAsync(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal("Hello from ContainerBuild", Json(body).GetProperty("message").GetString());
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rm", "-f", container], cancellationToken: CancellationToken.None);
            await DockerRemoveImageAsync(name);
        }
    }

    [Fact]
    public async Task Hello_without_a_registry_is_loaded_into_docker_and_prints_its_line()
    {
        Requires.Registry();
        Requires.Docker();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var repository = NewRepository("hello");
        var request = Request(app, Base("dotnet/runtime:10.0"), repository, temp, "dotnet", "/app/Hello.dll") with
        {
            Registry = null,
            DefaultArgs = ["from", "docker"],
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal([$"{repository}:1"], result.Names);
        try
        {
            var output = await DockerRunAsync($"{repository}:1", "--network=none");
            Assert.StartsWith("Hello, from docker! (.NET 10.0", output, StringComparison.Ordinal);
        }
        finally
        {
            await DockerRemoveImageAsync($"{repository}:1");
        }
    }

    [Fact]
    public async Task Packages_project_references_and_the_app_each_get_a_layer_owned_by_the_app_user_with_real_modes()
    {
        Requires.Registry();
        var app = await PublishedApp.SharedAsync(LayeredProject.Shared);
        var progress = new StringWriter();
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("layered"), temp, "/app/App") with
        {
            Progress = ContainerBuild.Progress.ProgressMode.Plain,
            ProgressOutput = progress,
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        var baseLayers = (await Build.CopyBuilds.SkopeoAsync($"docker://{Base("dotnet/runtime:10.0")}")).GetProperty("Layers").GetArrayLength();
        var layers = result.Build.Manifests[0].Layers;
        Assert.Equal(baseLayers + 3, layers.Count);
        var packages = await LayerEntriesAsync(request.StoreRoot!, layers[^3]);
        var references = await LayerEntriesAsync(request.StoreRoot!, layers[^2]);
        var own = await LayerEntriesAsync(request.StoreRoot!, layers[^1]);
        Assert.Equal(["app", "app/Newtonsoft.Json.dll"], Files(packages));
        Assert.Equal(["app", "app/Lib.dll", "app/Lib.pdb"], Files(references));
        Assert.Equal(["app", "app/App", "app/App.deps.json", "app/App.dll", "app/App.pdb", "app/App.runtimeconfig.json"], Files(own));

        Assert.All(packages.Concat(references).Concat(own), e => Assert.Equal((1654L, 1654L), (e.UserId, e.GroupId)));
        Assert.All(packages.Concat(references).Concat(own), e => Assert.Equal(SourceDate, e.ModifiedTime));
        Assert.Equal(0b111_101_101, own.Single(e => e.Path == "app/App").Mode & 0b111_111_111);
        Assert.Equal(OnDisk(app, "App.dll"), own.Single(e => e.Path == "app/App.dll").Mode & 0b111_111_111);
        Assert.Equal(OnDisk(app, "Newtonsoft.Json.dll"), packages.Single(e => e.Path == "app/Newtonsoft.Json.dll").Mode & 0b111_111_111);

        var history = Json(result.ConfigJson).GetProperty("history").EnumerateArray().TakeLast(3).Select(h => h.GetProperty("created_by").GetString()).ToList();
        Assert.Equal(["COPY package files /app/", "COPY project reference files /app/", "COPY app files /app/"], history);
        Assert.Matches(@"(?m)^#\d+ COPY app files /app/$", progress.ToString());
        Assert.Matches(@"(?m)^#\d+ \[internal\] load package files$", progress.ToString());
    }

    [Fact]
    public async Task A_user_given_by_name_owns_the_app_files_with_the_ids_the_bases_passwd_gives_it()
    {
        Requires.Registry();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("named"), temp, "dotnet", "/app/Hello.dll") with { User = "app" };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal("app", Json(result.ConfigJson).GetProperty("config").GetProperty("User").GetString());
        var own = await LayerEntriesAsync(request.StoreRoot!, result.Build.Manifests[0].Layers[^1]);
        Assert.Contains("app/Hello.dll", Files(own));
        Assert.All(own, e => Assert.Equal((1654L, 1654L), (e.UserId, e.GroupId)));
        var history = Json(result.ConfigJson).GetProperty("history").EnumerateArray().Last().GetProperty("created_by").GetString();
        Assert.Equal("COPY app files /app/", history);
    }

    [Fact]
    public async Task Zstd_with_the_OCI_format_gives_zstd_app_layers_over_the_bases_gzip_layers_with_annotations_and_build_info()
    {
        Requires.Registry();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("zstd"), temp, "dotnet", "/app/Hello.dll") with
        {
            Compression = LayerCompression.Zstd,
            ImageFormat = "OCI",
            ManifestAnnotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["org.opencontainers.image.version"] = "1.2.3" },
            BuildInfo = true,
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal(MediaType.OciManifest.Value, result.MediaType);
        var manifest = Json(result.ManifestJson);
        Assert.Equal(MediaType.OciConfig.Value, manifest.GetProperty("config").GetProperty("mediaType").GetString());
        var layerTypes = manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("mediaType").GetString()).ToList();
        Assert.Equal(MediaType.OciLayerZstd.Value, layerTypes[^1]);
        Assert.All(layerTypes.SkipLast(1), t => Assert.Equal(MediaType.OciLayerGzip.Value, t));
        Assert.Equal("1.2.3", manifest.GetProperty("annotations").GetProperty("org.opencontainers.image.version").GetString());
        var buildInfo = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Json(result.ConfigJson).GetProperty("moby.buildkit.buildinfo.v1").GetString()!));
        Assert.Contains(Base("dotnet/runtime:10.0"), buildInfo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Docker_format_into_an_archive_folder_writes_repository_tar_gz_that_docker_loads_and_runs()
    {
        Requires.Registry();
        Requires.Docker();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var repository = NewRepository("archive");
        var folder = temp.Combine("out") + "/";
        var request = Request(app, Base("dotnet/runtime:10.0"), repository, temp, "dotnet", "/app/Hello.dll") with
        {
            Registry = null,
            ArchiveOutputPath = folder,
            ImageFormat = "Docker",
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal(Path.Combine(folder, repository + ".tar.gz"), result.ArchiveOutputPath);
        Assert.Equal(MediaType.DockerManifest.Value, result.MediaType);
        Assert.All(Json(result.ManifestJson).GetProperty("layers").EnumerateArray(), l => Assert.Equal(MediaType.DockerLayerGzip.Value, l.GetProperty("mediaType").GetString()));
        var archived = await Build.CopyBuilds.SkopeoAsync("--config", $"docker-archive:{result.ArchiveOutputPath}");
        Assert.Equal(Strings(Json(result.ConfigJson).GetProperty("rootfs").GetProperty("diff_ids")), Strings(archived.GetProperty("rootfs").GetProperty("diff_ids")));
        var docker = Requires.Docker();
        try
        {
            (await ProcessRunner.RunAsync(docker, ["load", "-i", result.ArchiveOutputPath!], cancellationToken: Token)).EnsureSuccess("docker load");
            Assert.StartsWith("Hello, world!", await DockerRunAsync($"{repository}:1", "--network=none"), StringComparison.Ordinal);
        }
        finally
        {
            await DockerRemoveImageAsync($"{repository}:1");
        }
    }

    [Fact]
    public async Task The_OCI_format_into_an_archive_file_writes_an_OCI_archive()
    {
        Requires.Registry();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var archive = temp.Combine("hello.tar");
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("oci"), temp, "dotnet", "/app/Hello.dll") with
        {
            ArchiveOutputPath = archive,
            ImageFormat = "OCI",
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal(archive, result.ArchiveOutputPath);
        var inspected = await Build.CopyBuilds.SkopeoAsync($"oci-archive:{archive}");
        Assert.Equal(result.Digest.ToString(), inspected.GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task Two_platforms_of_a_self_contained_app_on_runtime_deps_give_an_index_with_both_and_each_runs()
    {
        Requires.Registry();
        var amd64 = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"), "linux-x64");
        var arm64 = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"), "linux-arm64");
        var repository = NewRepository("multi");
        var request = Request(amd64, Base("dotnet/runtime-deps:10.0"), repository, temp, "/app/Hello") with
        {
            Platforms = [amd64.For(Platform.LinuxAmd64, "linux-x64"), arm64.For(Platform.Parse("linux/arm64"), "linux-arm64")],
            IndexAnnotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["org.opencontainers.image.description"] = "two platforms" },
        };

        var result = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.Equal(MediaType.OciIndex.Value, result.MediaType);
        Assert.Equal(["linux/amd64", "linux/arm64"], result.Build.Manifests.Select(m => m.Platform.ToString()));
        foreach (var manifest in result.Build.Manifests)
        {
            var baseImage = await Build.CopyBuilds.SkopeoAsync("--override-arch", manifest.Platform.Architecture, $"docker://{Base("dotnet/runtime-deps:10.0")}");
            Assert.Equal(baseImage.GetProperty("Layers").GetArrayLength() + 2, manifest.Layers.Count); // the runtime pack, then the app
        }

        var name = $"{TestEnvironment.Registry}/{repository}:1";
        var raw = await ProcessRunner.RunAsync(Requires.Program("skopeo"), ["inspect", "--tls-verify=false", "--raw", $"docker://{name}"], cancellationToken: Token);
        var index = Json(raw.EnsureSuccess("skopeo inspect --raw").StandardOutput);
        Assert.Equal("two platforms", index.GetProperty("annotations").GetProperty("org.opencontainers.image.description").GetString());
        Assert.Equal(["amd64", "arm64"], index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()));

        Requires.Docker();
        try
        {
            Assert.StartsWith("Hello, world!", await DockerRunAsync(name, "--network=none", "--platform=linux/amd64"), StringComparison.Ordinal);
            Requires.Component("arm64 emulation (binfmt)", Environment.GetEnvironmentVariable("CB_TEST_ARM64") == "1", "run `bash eng/testenv/up.sh` on a machine with qemu-user-static");
            await DockerRemoveImageAsync(name);
            var arm = await DockerRunAsync(name, "--network=none", "--platform=linux/arm64");
            Assert.Contains("Hello, world!", arm, StringComparison.Ordinal);
            var ran = await ProcessRunner.RunAsync(Requires.Docker(), ["image", "inspect", "--format", "{{.Architecture}}", name], cancellationToken: Token);
            Assert.Equal("arm64", ran.EnsureSuccess("docker image inspect").StandardOutput.Trim());
        }
        finally
        {
            await DockerRemoveImageAsync(name);
        }
    }

    [Fact]
    public async Task The_same_publish_output_in_two_folders_gives_the_same_manifest_digest()
    {
        Requires.Registry();
        var app = await PublishedApp.SharedAsync(LayeredProject.Shared);
        var first = app.CopyTo(temp.Combine("clone-1"));
        var second = app.CopyTo(temp.Combine("clone-2"));
        File.SetLastWriteTimeUtc(second.Files[0].SourcePath, DateTime.UtcNow.AddDays(1));

        using var other = new TempDirectory("cb-dotnet");
        var one = await new DotNetImageBuilder().BuildAsync(
            Request(first, Base("dotnet/runtime:10.0"), "cb-test/dotnet-repro", temp, "/app/App") with { Registry = null, ArchiveOutputPath = temp.Combine("one.tar"), ImageFormat = "OCI" },
            Token);
        var two = await new DotNetImageBuilder().BuildAsync(
            Request(second, Base("dotnet/runtime:10.0"), "cb-test/dotnet-repro", other, "/app/App") with { Registry = null, ArchiveOutputPath = other.Combine("two.tar"), ImageFormat = "OCI" },
            Token);

        Assert.Equal(one.Digest, two.Digest);
        Assert.True(two.Build.Executed > 0);
        Assert.DoesNotContain(temp.Path, one.ConfigJson, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Path, two.ConfigJson, StringComparison.Ordinal);
    }

    private static List<string> Files(IEnumerable<LayerEntryInfo> entries) =>
        [.. entries.Select(e => e.Path.TrimStart('.', '/').TrimEnd('/'))];

    private static int OnDisk(PublishedApp app, string relative) =>
        (int)File.GetUnixFileMode(Path.Combine(app.PublishDir, relative));

    private static async Task<string> GetWhenReadyAsync(Uri uri)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await client.GetStringAsync(uri, Token);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, Token);
            }
        }
    }
}
