using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Graph;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Exporting;

/// <summary>The image exporter over a base image of the test registry (read lazily) and a layer the layer writer made.</summary>
public sealed class ImageExporterTests : IDisposable
{
    private readonly ExportHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task The_image_keeps_the_base_layers_and_history_and_adds_the_new_layer_with_the_metadata_and_source_date()
    {
        Requires.Registry();
        var metadata = ImageMetadata.Empty.WithEnv("GREETING", "hi").WithWorkingDir("/app") with { Entrypoint = ["cat", "/app/hello.txt"] };
        var input = await harness.InputAsync("busybox:amd64", metadata);
        var baseImage = input.Result.BaseImage!;

        var image = await harness.CommitAsync(new ImageExportOptions(), input);

        Assert.Equal(MediaType.OciManifest, image.Root.MediaType);
        var manifest = await harness.ReadAsync(image.Root, b => ImageManifest.Parse(b));
        Assert.Equal(baseImage.Layers.Count + 1, manifest.Layers.Count);
        Assert.Equal(baseImage.Layers.Select(l => l.Digest), manifest.Layers.Take(baseImage.Layers.Count).Select(l => l.Digest));
        Assert.Equal(input.Result.Layers[^1].Digest, manifest.Layers[^1].Digest);

        var config = await harness.ReadAsync(manifest.Config, b => ImageConfig.Parse(b));
        Assert.Equal(ExportHarness.SourceDate, config.Created);
        Assert.Equal(input.Result.Layers.DiffIds, config.RootFileSystem.DiffIds);
        Assert.Equal(baseImage.Config.History ?? [], config.History!.Take(config.History!.Count - 1));
        Assert.Equal(new HistoryEntry { Created = ExportHarness.SourceDate, CreatedBy = "COPY hello.txt /app/" }, config.History![^1]);
        Assert.Contains("GREETING=hi", config.Config!.Env!);
        Assert.Equal("/app", config.Config.WorkingDir);
        Assert.Equal(["cat", "/app/hello.txt"], config.Config.Entrypoint);
        Assert.Null(config.Config.Cmd);

        // Nothing but documents was read: the base layers never left the registry.
        Assert.All(baseImage.Layers, l => Assert.False(harness.Store.Exists(l.Digest)));
    }

    [Fact]
    public async Task The_same_inputs_in_another_store_give_the_same_manifest_digest()
    {
        Requires.Registry();
        var first = await harness.CommitAsync(new ImageExportOptions(), await harness.InputAsync("busybox:amd64"));
        using var other = new ExportHarness();

        var second = await other.CommitAsync(new ImageExportOptions(), await other.InputAsync("busybox:amd64"));

        Assert.Equal(first.Root, second.Root);
    }

    [Fact]
    public async Task Zstd_recompresses_only_the_new_layer_unless_compression_is_forced()
    {
        Requires.Registry();
        var input = await harness.InputAsync("busybox:amd64");
        var baseCount = input.BaseLayerCount;

        var zstd = await harness.CommitAsync(new ImageExportOptions { Compression = LayerCompression.Zstd }, input);
        var forced = await harness.CommitAsync(new ImageExportOptions { Compression = LayerCompression.Zstd, ForceCompression = true }, input);

        var layers = zstd.Manifests[0].Layers;
        Assert.All(layers.Take(baseCount), l => Assert.Equal(MediaType.OciLayerGzip, l.MediaType));
        Assert.Equal(MediaType.OciLayerZstd, layers[^1].MediaType);
        Assert.All(forced.Manifests[0].Layers, l => Assert.Equal(MediaType.OciLayerZstd, l.MediaType));

        // The tars are the same: the diff ids do not change, and the recompressed blob reads back as zstd.
        var config = await harness.ReadAsync(forced.Manifests[0].Config, b => ImageConfig.Parse(b));
        Assert.Equal(input.Result.Layers.DiffIds, config.RootFileSystem.DiffIds);
        await using var blob = harness.Store.OpenRead(layers[^1].Digest);
        var (tar, compression) = await LayerDecompression.OpenAsync(blob, Token);
        await tar.DisposeAsync();
        Assert.Equal(LayerCompression.Zstd, compression);
    }

    [Fact]
    public async Task A_recompressed_layer_is_byte_for_byte_what_the_layer_writer_makes_in_that_compression()
    {
        Requires.Registry();
        var input = await harness.InputAsync("busybox:amd64");
        var written = await harness.NewLayerAsync(compression: LayerCompression.Zstd);

        var image = await harness.CommitAsync(new ImageExportOptions { Compression = LayerCompression.Zstd }, input);

        Assert.Equal(written.Digest, image.Manifests[0].Layers[^1].Digest);
    }

    [Fact]
    public async Task Docker_media_types_relabel_gzip_layers_without_changing_their_bytes()
    {
        Requires.Registry();
        var input = await harness.InputAsync("busybox:amd64");

        var image = await harness.CommitAsync(new ImageExportOptions { OciMediaTypes = false }, input);

        Assert.Equal(MediaType.DockerManifest, image.Root.MediaType);
        Assert.Equal(MediaType.DockerConfig, image.Manifests[0].Config.MediaType);
        Assert.All(image.Manifests[0].Layers, l => Assert.Equal(MediaType.DockerLayerGzip, l.MediaType));
        Assert.Equal(input.Result.Layers.Select(l => l.Digest), image.Manifests[0].Layers.Select(l => l.Digest));
    }

    [Fact]
    public async Task Two_platforms_make_an_index_with_each_manifest_and_the_annotations_where_asked()
    {
        Requires.Registry();
        var amd64 = await harness.InputAsync("busybox:latest", platform: Platform.LinuxAmd64);
        var arm64 = await harness.InputAsync("busybox:latest", platform: Platform.LinuxArm64);
        var annotations = new ImageAnnotations
        {
            Manifest = ImageAnnotations.None.Manifest.Add("m", "1"),
            Index = ImageAnnotations.None.Index.Add("i", "2"),
            ManifestDescriptor = ImageAnnotations.None.ManifestDescriptor.Add("d", "3"),
        };

        var image = await harness.CommitAsync(new ImageExportOptions { Annotations = annotations }, amd64, arm64);

        Assert.Equal(MediaType.OciIndex, image.Root.MediaType);
        var index = await harness.ReadAsync(image.Root, b => ImageIndex.Parse(b));
        Assert.Equal([Platform.LinuxAmd64, Platform.LinuxArm64], index.Manifests.Select(m => m.Platform!));
        Assert.Equal("2", index.Annotations!["i"]);
        Assert.All(index.Manifests, m => Assert.Equal("3", m.Annotations!["d"]));
        foreach (var entry in index.Manifests)
        {
            var manifest = await harness.ReadAsync(entry, b => ImageManifest.Parse(b));
            Assert.Equal("1", manifest.Annotations!["m"]);
            var config = await harness.ReadAsync(manifest.Config, b => ImageConfig.Parse(b));
            Assert.Equal(entry.Platform!.Architecture, config.Architecture);
        }
    }

    [Fact]
    public async Task A_push_to_the_base_images_registry_mounts_the_base_layers_and_uploads_only_the_new_ones()
    {
        Requires.Registry();
        var input = await harness.InputAsync("busybox:amd64");
        var image = await harness.CommitAsync(new ImageExportOptions(), input);
        var name = $"{TestEnvironment.Registry}/exporting-{Guid.NewGuid():N}"[..^20] + ":1";

        var results = await ImageOutputs.ExportAsync(ExportOutput.PushTo(name), image, new OutputContext(harness.Clients), Token);

        var push = Assert.IsType<RegistryPushResult>(Assert.Single(results));
        var blobs = Assert.Single(push.Images).Blobs;
        var baseDigests = input.Result.BaseImage!.Layers.Select(l => l.Digest).ToHashSet();
        Assert.All(blobs.Where(b => baseDigests.Contains(b.Digest)), b => Assert.Equal((BlobPushOutcome.Mounted, 0L), (b.Outcome, b.BytesSent)));
        Assert.True(blobs.Single(b => b.Digest == input.Result.Layers[^1].Digest).BytesSent > 0);
        Assert.Equal(image.Root.Digest, push.Images[0].Digest);
    }

    [Fact]
    public async Task Pushing_again_to_tags_that_already_name_the_image_sends_nothing()
    {
        Requires.Registry();
        var image = await harness.CommitAsync(new ImageExportOptions(), await harness.InputAsync("busybox:amd64"));
        var name = $"{TestEnvironment.Registry}/exporting-{Guid.NewGuid():N}"[..^20] + ":1";
        await ImageOutputs.ExportAsync(ExportOutput.PushTo(name), image, new OutputContext(harness.Clients), Token);

        var again = await ImageOutputs.ExportAsync(ExportOutput.PushTo(name), image, new OutputContext(harness.Clients), Token);

        var pushed = Assert.Single(Assert.IsType<RegistryPushResult>(Assert.Single(again)).Images);
        Assert.Equal(image.Root.Digest, pushed.Digest);
        Assert.Empty(pushed.Blobs);
    }

    [Fact]
    public async Task Every_output_of_the_image_core_takes_the_image()
    {
        Requires.Registry();
        var image = await harness.CommitAsync(new ImageExportOptions(), await harness.InputAsync("busybox:amd64"));
        var context = new OutputContext(harness.Clients);
        using var outputs = new TempDirectory("cb-exporting-out");

        var layout = await ImageOutputs.ExportAsync(ExportOutputParser.Parse($"type=oci,dest={outputs.Combine("layout")},tar=false"), image, context, Token);
        var archive = await ImageOutputs.ExportAsync(ExportOutputParser.Parse($"type=oci,dest={outputs.Combine("image.tar")}"), image, context, Token);
        var docker = await ImageOutputs.ExportAsync(ExportOutputParser.Parse($"type=docker,name=hello:1,dest={outputs.Combine("docker.tar")}"), image, context, Token);
        var local = await ImageOutputs.ExportAsync(ExportOutputParser.Parse($"type=local,dest={outputs.Combine("rootfs")}"), image, context, Token);

        Assert.Equal(image.Root, Assert.IsType<OciLayoutResult>(Assert.Single(layout)).Root);
        Assert.True(File.Exists(outputs.Combine("layout", "index.json")));
        Assert.True(new FileInfo(outputs.Combine("image.tar")).Length > 0);
        Assert.Equal(image.Manifests[0].Config.Digest, Assert.IsType<DockerArchiveResult>(Assert.Single(docker)).ImageId);
        Assert.IsType<LocalDirectoryResult>(Assert.Single(local));
        Assert.Equal("hello\n", await File.ReadAllTextAsync(outputs.Combine("rootfs", "app", "hello.txt"), Token));
        Assert.True(File.Exists(outputs.Combine("rootfs", "bin", "busybox")));
    }
}
