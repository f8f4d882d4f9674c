using ContainerBuild.Oci;

namespace ContainerBuild.Graph;

/// <summary>An edge: output <see cref="Index"/> of the op with <see cref="Digest"/>.</summary>
public readonly record struct LlbInput(Digest Digest, long Index)
{
    public override string ToString() => $"{Digest}:{Index}";
}
