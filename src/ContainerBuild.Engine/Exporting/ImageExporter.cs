using System.Text.Json;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Turns solved filesystems and their metadata into an image in the content store (BuildKit's image commit):
/// a config per platform (<see cref="ImageConfigComposer"/>), a manifest per platform with the base image's layers
/// as they are (unless <see cref="ImageExportOptions.ForceCompression"/>) and the new layers in the asked
/// compression, and an index when there are several platforms. Nothing is downloaded: a base layer is read
/// only when it must be recompressed.
/// </summary>
public sealed class ImageExporter(ContentStore store, LayerBlobSource blobs)
{
    private const string BuildInfoKey = "moby.buildkit.buildinfo.v1";

    /// <summary>Makes the image of <paramref name="inputs"/> (one per platform) and writes its documents into the store.</summary>
    /// <param name="inputs">One per platform, in the order the index lists them.</param>
    /// <param name="options">Compression, media types, annotations and build info.</param>
    /// <param name="sourceDate">The config's <c>created</c> and the new history entries' date.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public async Task<ExportedImage> CommitAsync(
        IReadOnlyList<ImageExportInput> inputs, ImageExportOptions options, DateTimeOffset sourceDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("An image needs at least one platform.", nameof(inputs));
        }

        var duplicate = inputs.GroupBy(i => i.Platform.Normalize().ToString(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The platform {duplicate.Key} is given more than once.", nameof(inputs));
        }

        var manifests = new List<ExportedManifest>(inputs.Count);
        foreach (var input in inputs)
        {
            manifests.Add(await CommitPlatformAsync(input, options, sourceDate, cancellationToken).ConfigureAwait(false));
        }

        var needsIndex = inputs.Count > 1 || !options.Annotations.Index.IsEmpty;
        var root = needsIndex ? await WriteIndexAsync(manifests, options, cancellationToken).ConfigureAwait(false) : manifests[0].Manifest;
        if (!options.Annotations.IndexDescriptor.IsEmpty)
        {
            root = root with { Annotations = options.Annotations.IndexDescriptor };
        }

        return new ExportedImage(root, manifests, blobs);
    }

    private async Task<ExportedManifest> CommitPlatformAsync(ImageExportInput input, ImageExportOptions options, DateTimeOffset sourceDate, CancellationToken cancellationToken)
    {
        var result = input.Result;
        blobs.Add(result.Layers);
        var layers = new List<Descriptor>(result.Layers.Count);
        for (var i = 0; i < result.Layers.Count; i++)
        {
            var layer = result.Layers[i];
            var isNew = i >= input.BaseLayerCount;
            if ((isNew || options.ForceCompression) && IsPlainLayer(layer.MediaType) && layer.MediaType.LayerCompression != options.Compression)
            {
                layer = await LayerRecompressor.ConvertAsync(layer, options.Compression, options.CompressionLevel, store, blobs, cancellationToken).ConfigureAwait(false);
            }

            layers.Add(layer.Blob with
            {
                MediaType = IsPlainLayer(layer.MediaType) ? MediaType.ForLayer(layer.MediaType.LayerCompression, options.OciMediaTypes) : layer.MediaType,
                Annotations = null,
                Platform = null,
            });
        }

        var newCount = result.Layers.Count - input.BaseLayerCount;
        var names = Enumerable.Range(0, newCount)
            .Select(i => i < input.LayerNames.Count && !string.IsNullOrEmpty(input.LayerNames[i]) ? input.LayerNames[i] : LayerHistoryNames.Unattributed)
            .ToList();
        var config = ImageConfigComposer.Compose(
            result.BaseImage?.Config,
            input.Metadata,
            input.Platform,
            [.. result.Layers.DiffIds],
            names,
            sourceDate,
            options.BuildInfo == BuildInfoMode.Minimal ? BuildInfo(result.BaseImage) : null);

        var configDescriptor = await WriteAsync(config.ToJsonBytes(), options.OciMediaTypes ? MediaType.OciConfig : MediaType.DockerConfig, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            MediaType = options.OciMediaTypes ? MediaType.OciManifest : MediaType.DockerManifest,
            Config = configDescriptor,
            Layers = layers,
            Annotations = options.Annotations.Manifest.IsEmpty ? null : options.Annotations.Manifest,
        };
        var manifestDescriptor = await WriteAsync(manifest.ToJsonBytes(), manifest.MediaType, cancellationToken).ConfigureAwait(false);
        return new ExportedManifest(input.Platform, manifestDescriptor, configDescriptor, layers);
    }

    private async Task<Descriptor> WriteIndexAsync(List<ExportedManifest> manifests, ImageExportOptions options, CancellationToken cancellationToken)
    {
        var index = new ImageIndex
        {
            MediaType = options.OciMediaTypes ? MediaType.OciIndex : MediaType.DockerManifestList,
            Manifests = [.. manifests.Select(m => m.Manifest with
            {
                Platform = m.Platform,
                Annotations = options.Annotations.ManifestDescriptor.IsEmpty ? null : options.Annotations.ManifestDescriptor,
            })],
            Annotations = options.Annotations.Index.IsEmpty ? null : options.Annotations.Index,
        };
        return await WriteAsync(index.ToJsonBytes(), index.MediaType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Descriptor> WriteAsync(byte[] bytes, MediaType mediaType, CancellationToken cancellationToken)
    {
        var descriptor = Descriptor.ForContent(bytes, mediaType);
        await store.WriteAsync(bytes, descriptor.Digest, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    // Foreign and non-distributable layers keep their media type: it says where they may be fetched from.
    private static bool IsPlainLayer(MediaType mediaType) =>
        mediaType == MediaType.OciLayer || mediaType == MediaType.OciLayerGzip || mediaType == MediaType.OciLayerZstd
        || mediaType == MediaType.DockerLayerGzip || mediaType.Value == "application/vnd.docker.image.rootfs.diff.tar";

    // BuildKit's minimal build info: the image sources by pinned reference, base64 JSON under one config key.
    private static Dictionary<string, JsonElement> BuildInfo(ImageSourceResult? baseImage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("sources");
            if (baseImage is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "docker-image");
                writer.WriteString("ref", baseImage.Reference.ToString());
                writer.WriteString("pin", baseImage.Root.Digest.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        // Base64 needs no JSON escaping.
        using var document = JsonDocument.Parse($"\"{Convert.ToBase64String(buffer.ToArray())}\"");
        return new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [BuildInfoKey] = document.RootElement.Clone() };
    }
}
