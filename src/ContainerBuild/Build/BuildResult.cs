using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.Build;

/// <summary>What one output did: the image it sent and what each exporter reported.</summary>
public sealed record OutputResult(ExportOutput Output, ExportedImage Image, IReadOnlyList<ExportResult> Results);

/// <summary>Wall times of a build's phases.</summary>
public sealed record BuildTimings(TimeSpan Solve, TimeSpan Export, TimeSpan Total);

/// <summary>
/// What a build made: the image (root digest and descriptor, one manifest per platform), what each output did,
/// buildx's metadata keys (<see cref="BuildMetadataKeys"/>), how much ran or came from the cache, and how long it took.
/// </summary>
public sealed record BuildResult
{
    /// <summary>The image root (a manifest, or an index for several platforms) of the first output.</summary>
    public required Descriptor Root { get; init; }

    public Digest ImageDigest => Root.Digest;

    public required IReadOnlyList<ExportedManifest> Manifests { get; init; }

    public required IReadOnlyList<OutputResult> Outputs { get; init; }

    /// <summary>buildx's <c>--metadata-file</c> keys; <c>containerimage.descriptor</c> holds JSON text.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Vertices executed, and vertices whose results came from the cache, over all platforms.</summary>
    public required int Executed { get; init; }

    public required int Cached { get; init; }

    public required BuildTimings Timings { get; init; }

    /// <summary>The content store root the build used.</summary>
    public required string StoreRoot { get; init; }
}
