using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Ops;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Graph;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Exporting;

/// <summary>A fresh store, a base image resolved lazily from the test registry, and a new layer written by the layer writer.</summary>
internal sealed class ExportHarness : IDisposable
{
    public static readonly DateTimeOffset SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly TempDirectory root = new("cb-exporting");

    public ExportHarness()
    {
        Store = new ContentStore(root.Combine("store"));
        Clients = new RegistryClients(new RegistryClientOptions());
        Resolver = new ImageSourceResolver(Store, Clients);
        Blobs = new LayerBlobSource(Store, Clients);
        Exporter = new ImageExporter(Store, Blobs);
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public ContentStore Store { get; }

    public RegistryClients Clients { get; }

    public ImageSourceResolver Resolver { get; }

    public LayerBlobSource Blobs { get; }

    public ImageExporter Exporter { get; }

    public string Root => root.Path;

    public Task<ImageSourceResult> BaseAsync(string nameAndTag, Platform? platform = null) =>
        Resolver.ResolveAsync(ImageReference.Parse($"{TestEnvironment.Registry}/{nameAndTag}"), platform ?? Platform.LinuxAmd64, SourceResolveMode.Default, Token);

    /// <summary>A layer with /app/hello.txt, written into the store as the copy op would.</summary>
    public async Task<LayerRef> NewLayerAsync(string text = "hello\n", LayerCompression compression = LayerCompression.Gzip)
    {
        var builder = new LayerBuilder(new LayerWriterOptions { Compression = compression, SourceDate = SourceDate })
            .Add(new LayerDirectory("app") { Mode = 0b111_101_101 })
            .Add(new LayerFile("app/hello.txt", LayerFileSource.FromBytes(System.Text.Encoding.UTF8.GetBytes(text))) { Mode = 0b110_100_100 });
        using var buffer = new MemoryStream();
        var built = await builder.WriteAsync(buffer, Token);
        await Store.WriteAsync(buffer.ToArray(), built.Digest, Token);
        return new LayerRef(built.ToDescriptor(), built.DiffId);
    }

    public async Task<ImageExportInput> InputAsync(string baseImage, ImageMetadata? metadata = null, Platform? platform = null, LayerCompression compression = LayerCompression.Gzip)
    {
        var image = await BaseAsync(baseImage, platform);
        var layer = await NewLayerAsync(compression: compression);
        return new ImageExportInput(new FsResult(image.Layers.Append(layer), image), metadata ?? ImageMetadata.Empty, platform ?? Platform.LinuxAmd64)
        {
            LayerNames = ["COPY hello.txt /app/"],
        };
    }

    public Task<ExportedImage> CommitAsync(ImageExportOptions options, params ImageExportInput[] inputs) =>
        Exporter.CommitAsync(inputs, options, SourceDate, Token);

    public async Task<T> ReadAsync<T>(Descriptor descriptor, Func<byte[], T> parse) => parse(await Blobs.ReadAllBytesAsync(descriptor, Token));

    public void Dispose()
    {
        Clients.Dispose();
        root.Dispose();
    }
}
