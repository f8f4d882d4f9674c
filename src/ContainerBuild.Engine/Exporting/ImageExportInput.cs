using ContainerBuild.Engine.Ops;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>One platform of an image to export: the solved filesystem, the state's metadata, and what made each new layer.</summary>
/// <param name="Result">The solve's result: the base image's layers and the ones this build made.</param>
/// <param name="Metadata">The state's metadata (<c>State.Metadata</c>), laid over the base image's config.</param>
/// <param name="Platform">The platform the image is for.</param>
public sealed record ImageExportInput(FsResult Result, ImageMetadata Metadata, Platform Platform)
{
    /// <summary>The history's <c>created_by</c> for each layer beyond the base image's, base first (see <see cref="LayerHistoryNames"/>).</summary>
    public IReadOnlyList<string> LayerNames { get; init; } = [];

    /// <summary>How many of the result's layers are the base image's.</summary>
    public int BaseLayerCount => Result.BaseImage?.Layers.Count ?? 0;
}
