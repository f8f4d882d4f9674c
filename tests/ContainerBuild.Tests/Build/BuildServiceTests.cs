using System.Text.RegularExpressions;
using ContainerBuild.Build;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Registry;
using static ContainerBuild.Tests.Build.CopyBuilds;

namespace ContainerBuild.Tests.Build;

/// <summary>Copy-only builds solved and exported through the build service, checked with skopeo, docker and the store.</summary>
public sealed partial class BuildServiceTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-build");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("dotnet/aspnet:10.0")]
    [InlineData("busybox:amd64")]
    public async Task A_copy_onto_a_base_pushes_the_base_layers_by_mount_plus_one_new_layer_with_the_metadata(string baseName)
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"));
        var name = NewRepository("copy") + ":1";

        var result = await new BuildService().BuildAsync(Request(CopyApp(Base(baseName)), temp.Combine("store"), context, ExportOutput.PushTo(name)), Token);

        var baseInfo = await SkopeoAsync($"docker://{Base(baseName)}");
        var built = await SkopeoAsync($"docker://{name}");
        var baseLayers = baseInfo.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()).ToList();
        var layers = built.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Equal(baseLayers.Count + 1, layers.Count);
        Assert.Equal(baseLayers, layers.Take(baseLayers.Count));
        Assert.Equal(result.ImageDigest.ToString(), built.GetProperty("Digest").GetString());

        var config = (await SkopeoAsync("--config", $"docker://{name}")).GetProperty("config");
        Assert.Contains("GREETING=hello", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Equal(["dotnet", "app.dll"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("copy-test", config.GetProperty("Labels").GetProperty("org.opencontainers.image.title").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        var created = (await SkopeoAsync("--config", $"docker://{name}")).GetProperty("created").GetDateTimeOffset();
        Assert.Equal(SourceDate, created);

        var push = Assert.IsType<RegistryPushResult>(Assert.Single(Assert.Single(result.Outputs).Results));
        var blobs = Assert.Single(push.Images).Blobs;
        Assert.All(blobs.Where(b => baseLayers.Contains(b.Digest.ToString())), b => Assert.Equal(0, b.BytesSent));
        Assert.Equal(result.ImageDigest.ToString(), result.Metadata[BuildMetadataKeys.ImageDigest]);
        Assert.Equal(name, result.Metadata[BuildMetadataKeys.ImageName]);
    }

    [Fact]
    public async Task The_same_build_in_two_fresh_stores_gives_the_same_manifest_digest()
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"));

        var first = await new BuildService().BuildAsync(Request(CopyApp(Base("dotnet/aspnet:10.0")), temp.Combine("store-1"), context), Token);
        File.SetLastWriteTimeUtc(Path.Combine(context, "hello.txt"), DateTime.UtcNow.AddDays(1));
        var second = await new BuildService().BuildAsync(Request(CopyApp(Base("dotnet/aspnet:10.0")), temp.Combine("store-2"), context), Token);

        Assert.Equal(first.Root, second.Root);
        Assert.True(first.Executed > 0);
    }

    [Fact]
    public async Task A_docker_archive_output_loads_into_docker_and_runs()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        var context = WriteContext(temp.Combine("context"));
        var name = $"cb-build-test-{Guid.NewGuid():N}"[..26] + ":1";
        var archive = temp.Combine("image.tar");
        try
        {
            await new BuildService().BuildAsync(
                Request(CopyApp(Base("busybox:amd64"), withEntrypoint: false), temp.Combine("store"), context, ExportOutputParser.Parse($"type=docker,name={name},dest={archive}")),
                Token);

            (await ProcessRunner.RunAsync(docker, ["load", "-i", archive], cancellationToken: Token)).EnsureSuccess("docker load");
            var run = (await ProcessRunner.RunAsync(docker, ["run", "--rm", "--network=none", name, "cat", "/app/hello.txt"], cancellationToken: Token)).EnsureSuccess("docker run");
            Assert.Equal("hello from the build\n", run.StandardOutput);
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", name], cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Zstd_gives_the_new_layer_zstd_and_keeps_the_base_gzip_unless_compression_is_forced()
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"));
        var state = CopyApp(Base("busybox:amd64"));

        var zstd = await new BuildService().BuildAsync(Request(state, temp.Combine("store"), context, ExportOutputParser.Parse("type=image,compression=zstd")), Token);
        var forced = await new BuildService().BuildAsync(Request(state, temp.Combine("store"), context, ExportOutputParser.Parse("type=image,compression=zstd,force-compression=true")), Token);

        var layers = zstd.Manifests[0].Layers;
        Assert.All(layers.SkipLast(1), l => Assert.Equal(MediaType.OciLayerGzip, l.MediaType));
        Assert.Equal(MediaType.OciLayerZstd, layers[^1].MediaType);
        Assert.All(forced.Manifests[0].Layers, l => Assert.Equal(MediaType.OciLayerZstd, l.MediaType));
    }

    [Fact]
    public async Task The_plain_printer_shows_BuildKit_lines_and_a_rerun_shows_the_steps_cached()
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"));
        var state = CopyApp(Base("busybox:amd64"));
        var first = new StringWriter();
        var second = new StringWriter();

        await new BuildService().BuildAsync(Request(state, temp.Combine("store"), context) with { Progress = ProgressMode.Plain, ProgressOutput = first }, Token);
        var rerun = await new BuildService().BuildAsync(Request(state, temp.Combine("store"), context) with { Progress = ProgressMode.Plain, ProgressOutput = second }, Token);

        var cold = first.ToString();
        Assert.Matches(VertexLine(CopyName), cold);
        Assert.Matches(DoneLine(), cold);
        Assert.Matches(VertexLine("exporting to image"), cold);
        var warm = second.ToString();
        Assert.Matches(VertexLine(CopyName), warm);
        Assert.Matches(CachedLine(), warm);
        Assert.Equal(0, rerun.Executed);
    }

    private static Regex VertexLine(string name) => new($@"(?m)^#\d+ {Regex.Escape(name)}$");

    [GeneratedRegex(@"(?m)^#\d+ DONE \d+\.\d+s$")]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"(?m)^#\d+ CACHED$")]
    private static partial Regex CachedLine();
}
