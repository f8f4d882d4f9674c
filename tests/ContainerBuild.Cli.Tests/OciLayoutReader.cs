using System.Formats.Tar;
using System.IO.Compression;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli.Tests;

/// <summary>Reads what an <c>-o type=oci,tar=false</c> build wrote: the image's manifests, configs and layer entries.</summary>
internal sealed class OciLayoutReader(string directory)
{
    public sealed record Entry(string Name, TarEntryType Type, DateTimeOffset ModificationTime, byte[] Content);

    /// <summary>The descriptor <c>index.json</c> names for the image.</summary>
    public Descriptor Root => ImageIndex.Parse(File.ReadAllBytes(Path.Combine(directory, "index.json"))).Manifests[0];

    /// <summary>The image's manifests: the root itself, or the manifests of the index it is.</summary>
    public IReadOnlyList<ImageManifest> Manifests()
    {
        var root = Root;
        return root.MediaType.IsIndex
            ? [.. ImageIndex.Parse(Blob(root.Digest)).Manifests.Select(m => ImageManifest.Parse(Blob(m.Digest)))]
            : [ImageManifest.Parse(Blob(root.Digest))];
    }

    public IReadOnlyList<Platform?> Platforms() =>
        Root.MediaType.IsIndex ? [.. ImageIndex.Parse(Blob(Root.Digest)).Manifests.Select(m => m.Platform)] : [Config(Manifests()[0]).Platform];

    public ImageConfig Config(ImageManifest manifest) => ImageConfig.Parse(Blob(manifest.Config.Digest));

    public byte[] Blob(Digest digest) => File.ReadAllBytes(Path.Combine(directory, "blobs", digest.Algorithm, digest.Hex));

    /// <summary>Every entry of a layer, with its bytes (gzip, zstd-free layers only: what these tests build).</summary>
    public IReadOnlyList<Entry> LayerEntries(Descriptor layer)
    {
        using var blob = new MemoryStream(Blob(layer.Digest));
        using var gzip = new GZipStream(blob, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<Entry>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add(new Entry(entry.Name, entry.EntryType, entry.ModificationTime, content.ToArray()));
        }

        return entries;
    }

    /// <summary>Every byte the layout holds with layers uncompressed: what a leak check searches.</summary>
    public IEnumerable<byte[]> AllContent()
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            yield return File.ReadAllBytes(file);
        }

        foreach (var manifest in Manifests())
        {
            foreach (var layer in manifest.Layers)
            {
                foreach (var entry in LayerEntries(layer))
                {
                    yield return entry.Content;
                }
            }
        }
    }
}
