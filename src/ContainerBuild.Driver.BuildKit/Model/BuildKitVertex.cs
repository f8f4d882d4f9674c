using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>One vertex as BuildKit's status stream describes it; later updates of the same digest supersede earlier ones.</summary>
/// <param name="Digest">The vertex digest: sha256 of the op bytes as BuildKit loaded them.</param>
/// <param name="Inputs">Digests of the vertices this one reads.</param>
/// <param name="Name">The progress name (<c>llb.customname</c>, or what BuildKit derives from the op).</param>
/// <param name="Cached">Whether the result came from BuildKit's cache.</param>
/// <param name="Started">When it started, if it has.</param>
/// <param name="Completed">When it completed, if it has (also set when it failed).</param>
/// <param name="Error">BuildKit's error text when it failed, else null.</param>
public sealed record BuildKitVertex(
    Digest Digest,
    IReadOnlyList<Digest> Inputs,
    string Name,
    bool Cached,
    DateTimeOffset? Started,
    DateTimeOffset? Completed,
    string? Error);
