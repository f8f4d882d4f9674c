namespace ContainerBuild.DotNet;

/// <summary>
/// Builds a .NET app's image: base image config resolved (APP_UID, ASPNETCORE_* ports), one graph per platform with a
/// layer per <see cref="DotNetLayerKind"/> (each copied from its own local source, so an unchanged layer is a cache
/// hit that is neither repacked nor re-uploaded), solved and exported through <see cref="Build.BuildService"/>.
/// </summary>
public sealed class DotNetImageBuilder
{
    public Task<DotNetImageResult> BuildAsync(DotNetImageRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("Being written (issue 6).");
}
