using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// One layer unpacked in overlayfs's own format, a lower directory for any mount over it: deletions are character
/// devices 0:0 and opaque directories carry <c>trusted.overlay.opaque=y</c>. Read-only by contract.
/// </summary>
/// <param name="DiffId">The layer's diff id.</param>
/// <param name="Path">The directory to name in <c>lowerdir=</c>.</param>
/// <param name="Extracted">Whether this call made it (false: it was there already).</param>
public sealed record OverlayLowerDir(Digest DiffId, string Path, bool Extracted);
