using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>A layer's uncompressed tar does not hash to the diff id its config lists: the image is inconsistent.</summary>
public sealed class LayerDiffIdMismatchException : ExportException
{
    public LayerDiffIdMismatchException(Digest layer, Digest expectedDiffId, Digest actualDiffId)
        : base($"The layer {layer} uncompresses to {actualDiffId}, but the image config lists {expectedDiffId} for it: the image is inconsistent and Docker would refuse it.")
    {
        Layer = layer;
        ExpectedDiffId = expectedDiffId;
        ActualDiffId = actualDiffId;
    }

    public LayerDiffIdMismatchException()
    {
    }

    public LayerDiffIdMismatchException(string message)
        : base(message)
    {
    }

    public LayerDiffIdMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public Digest Layer { get; }

    public Digest ExpectedDiffId { get; }

    public Digest ActualDiffId { get; }
}
