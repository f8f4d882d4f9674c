using ContainerBuild.Oci;

namespace ContainerBuild.Graph;

/// <summary>One entry of a Definition: the op's exact bytes, their digest (the vertex digest) and the parsed op.</summary>
public sealed class LlbOp
{
    private readonly byte[] bytes;

    internal LlbOp(byte[] bytes, Pb.Op op)
    {
        this.bytes = bytes;
        Op = op;
        Digest = Digest.Compute(bytes);
    }

    /// <summary><c>sha256:</c> of <see cref="Bytes"/>: the vertex digest BuildKit reports for this op.</summary>
    public Digest Digest { get; }

    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>The parsed op (a private copy: changing it changes neither the bytes nor the digest).</summary>
    public Pb.Op Op { get; }

    /// <summary>Whether this is the synthetic terminal op: inputs only, no operation.</summary>
    public bool IsTerminal => Op.OpCase == Pb.Op.OpOneofCase.None && Op.Inputs.Count > 0;

    /// <summary>The op's inputs as typed edges.</summary>
    public IReadOnlyList<LlbInput> Inputs => [.. Op.Inputs.Select(i => new LlbInput(Oci.Digest.Parse(i.Digest), i.Index))];
}
