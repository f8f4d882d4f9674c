using System.Text.Json;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Writes the tar <c>docker load</c> reads: <c>manifest.json</c> (Config, RepoTags, Layers), the config
/// blob and one file per layer. gzip and plain layers go in as they are (Docker decompresses gzip
/// itself); zstd layers go in decompressed, because Docker 20.10 cannot read zstd. Every layer's
/// tar is hashed on the way and must match the config's diff id, or the write fails before Docker would.
/// </summary>
internal static class DockerArchiveWriter
{
    public static async Task<DockerArchiveResult> WriteAsync(
        ImageToExport image, DockerArchiveOptions options, Stream destination, CancellationToken cancellationToken)
    {
        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        var chosen = graph.SelectManifest(options.Platform);
        var manifest = chosen.Manifest;
        var configBytes = await image.Blobs.ReadAllBytesAsync(manifest.Config, cancellationToken).ConfigureAwait(false);
        var config = ImageConfig.Parse(configBytes);
        var diffIds = config.RootFileSystem.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new ExportException(
                $"The manifest {chosen.Descriptor.Digest} lists {manifest.Layers.Count} layers but its config lists {diffIds.Count} diff ids: the image is inconsistent.");
        }

        var repoTags = RepoTags(image.Names);
        var tar = new DeterministicTarWriter(destination);
        await tar.AddDirectoryAsync("blobs/", cancellationToken).ConfigureAwait(false);
        await tar.AddDirectoryAsync("blobs/sha256/", cancellationToken).ConfigureAwait(false);
        var configPath = OciLayout.BlobPath(manifest.Config.Digest);
        await tar.AddFileAsync(configPath, configBytes, cancellationToken).ConfigureAwait(false);

        var layerPaths = new List<string>();
        var written = new HashSet<string>(StringComparer.Ordinal) { configPath };
        var tempDirectory = options.TempDirectory ?? Path.GetTempPath();
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            var spool = Path.Combine(tempDirectory, $"containerbuild-layer-{Guid.NewGuid():N}.tmp");
            try
            {
                var (diffId, spooled, keptCompressed) = await SpoolAsync(image.Blobs, layer, spool, cancellationToken).ConfigureAwait(false);
                if (diffId != diffIds[i])
                {
                    throw new LayerDiffIdMismatchException(layer.Digest, diffIds[i], diffId);
                }

                var path = OciLayout.BlobPath(keptCompressed ? layer.Digest : diffId);
                layerPaths.Add(path);
                if (written.Add(path))
                {
                    var file = new FileStream(spooled, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        await tar.AddFileAsync(path, file, file.Length, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                File.Delete(spool);
                File.Delete(spool + ".tar");
            }
        }

        var manifestJson = JsonSerializer.SerializeToUtf8Bytes(
            new[] { new DockerArchiveManifest(configPath, repoTags, layerPaths) },
            DockerArchiveJson.Default.DockerArchiveManifestArray);
        await tar.AddFileAsync("manifest.json", manifestJson, cancellationToken).ConfigureAwait(false);
        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
        return new DockerArchiveResult(image.Root, chosen.Descriptor, manifest.Config.Digest, repoTags);
    }

    /// <summary>Docker's RepoTags: <c>name:tag</c> in Docker's short form; a name with only a digest cannot be a tag and is left out.</summary>
    public static IReadOnlyList<string> RepoTags(IReadOnlyList<ImageReference> names) =>
        [.. names.Select(n => n.WithDefaultTag())
            .Where(n => n.Tag is not null)
            .Select(n => n.WithoutTagOrDigest().WithTag(n.Tag!).ToFamiliarString())
            .Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Copies the layer blob to <paramref name="spool"/> while hashing the tar inside (one read of the
    /// source). A zstd blob is then decompressed to <c>spool.tar</c>, which is what goes into the archive.
    /// </summary>
    private static async Task<(Digest DiffId, string Path, bool KeptCompressed)> SpoolAsync(
        IBlobSource blobs, Descriptor layer, string spool, CancellationToken cancellationToken)
    {
        Digest diffId;
        LayerCompression compression;
        var blob = await blobs.OpenAsync(layer, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var tee = new TeeReadStream(blob, file);
                var (tar, detected) = await LayerDecompression.OpenAsync(tee, cancellationToken).ConfigureAwait(false);
                compression = detected;
                await using (tar.ConfigureAwait(false))
                {
                    diffId = await HashAsync(tar, null, cancellationToken).ConfigureAwait(false);
                }

                // Bytes after the compressed stream still belong to the blob (and to its digest check).
                await tee.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (compression != LayerCompression.Zstd)
        {
            return (diffId, spool, true);
        }

        var plain = spool + ".tar";
        var source = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            var (tar, _) = await LayerDecompression.OpenAsync(source, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                var target = new FileStream(plain, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (target.ConfigureAwait(false))
                {
                    await HashAsync(tar, target, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return (diffId, plain, false);
    }

    private static async Task<Digest> HashAsync(Stream source, Stream? copy, CancellationToken cancellationToken)
    {
        using var hasher = Digest.CreateHasher();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
            if (copy is not null)
            {
                await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        return hasher.Current();
    }
}
