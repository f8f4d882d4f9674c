using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// The result of a filesystem op: a lazy chain of layers, and the image it started from when it did. Nothing here
/// holds bytes; the layers are read (from the store or their registry) only when something needs them.
/// </summary>
public sealed class FsResult : IResult
{
    private readonly Lazy<byte[]> record;
    private readonly Lazy<Descriptor> recordDescriptor;

    public FsResult(LayerChain layers, ImageSourceResult? baseImage)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (baseImage is not null && (baseImage.Layers.Count > layers.Count || !baseImage.Layers.SequenceEqual(layers.Take(baseImage.Layers.Count))))
        {
            throw new ArgumentException($"The chain ({layers}) does not start with the base image's layers ({baseImage.Layers}).", nameof(baseImage));
        }

        Layers = layers;
        BaseImage = baseImage;
        record = new Lazy<byte[]>(() => FsResultRecord.From(this).ToJsonBytes());
        recordDescriptor = new Lazy<Descriptor>(() => Descriptor.ForContent(record.Value, FsResultRecord.MediaType));
    }

    /// <summary>Every layer of the filesystem, base image layers first.</summary>
    public LayerChain Layers { get; }

    /// <summary>The image source the chain starts with (config, history, platform), else null.</summary>
    public ImageSourceResult? BaseImage { get; }

    /// <summary><c>fs:</c> + the digest of this result's record (<see cref="FsResultStore"/> keeps and reloads it).</summary>
    public string Id => FsResultStore.IdPrefix + RecordDescriptor.Digest;

    /// <summary>The bytes of the layers this build made (base image layers are the registry's, not ours).</summary>
    public long Size => Layers.Where(l => l.Origin is null).Sum(l => l.Blob.Size);

    /// <summary>The record, the base image's manifest and config, and the layers that live only in the store.</summary>
    public IReadOnlyList<Descriptor> Blobs
    {
        get
        {
            var blobs = new List<Descriptor> { RecordDescriptor };
            if (BaseImage is not null)
            {
                blobs.Add(BaseImage.Manifest);
                blobs.Add(BaseImage.ConfigDescriptor);
            }

            blobs.AddRange(Layers.Where(l => l.Origin is null).Select(l => l.Blob).Distinct());
            return blobs;
        }
    }

    /// <summary>The canonical JSON record of this result (what <see cref="Id"/> names).</summary>
    internal ReadOnlyMemory<byte> RecordBytes => record.Value;

    internal Descriptor RecordDescriptor => recordDescriptor.Value;

    public override string ToString() => BaseImage is { } image ? $"{image.Reference} + {Layers.Count - image.Layers.Count} layer(s)" : Layers.ToString();
}
