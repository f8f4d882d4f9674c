using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// An image source, resolved and still lazy: the manifest chosen for a platform, the base image's config (env, user,
/// working directory, history...), and its layers by reference. Only the manifest and config are in the store.
/// </summary>
public sealed record ImageSourceResult
{
    /// <summary>The reference as asked for (with <c>latest</c> when it named neither tag nor digest).</summary>
    public required ImageReference Reference { get; init; }

    /// <summary>What the reference pointed at: an index (or Docker manifest list), or a single manifest.</summary>
    public required Descriptor Root { get; init; }

    /// <summary>The image manifest for the platform (the root itself when the root is a manifest).</summary>
    public required Descriptor Manifest { get; init; }

    /// <summary>The platform of the image, as its config states it.</summary>
    public required Platform Platform { get; init; }

    public required Descriptor ConfigDescriptor { get; init; }

    public required ImageConfig Config { get; init; }

    public required LayerChain Layers { get; init; }

    /// <summary>When the registry was asked what the tag points at (now, or the time of the cached resolution used).</summary>
    public required DateTimeOffset ResolvedAt { get; init; }

    /// <summary>Whether this resolution asked the registry (false: a cached resolution or the store answered).</summary>
    public required bool AskedRegistry { get; init; }

    /// <summary>The reference pinned to the digest it resolved to: <c>name:tag@sha256:...</c>.</summary>
    public ImageReference PinnedReference => Reference.WithDigest(Root.Digest);
}
