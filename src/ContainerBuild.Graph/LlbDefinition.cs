using ContainerBuild.Oci;
using Google.Protobuf;

namespace ContainerBuild.Graph;

/// <summary>
/// A marshalled LLB Definition (<c>pb.Definition</c>): every op's bytes, dependencies first and the
/// terminal op last, and metadata keyed by op digest. This is the one contract between the graph
/// and any solver, in-process or BuildKit.
/// </summary>
public sealed class LlbDefinition
{
    private static readonly Google.Protobuf.MessageParser<Pb.Definition> StrictParser = Pb.Definition.Parser.WithDiscardUnknownFields(true);

    private readonly Pb.Definition proto;
    private readonly Dictionary<string, Pb.OpMetadata> metadata;

    internal LlbDefinition(Pb.Definition proto)
    {
        this.proto = proto;
        Ops = [.. proto.Def.Select(ParseOp)];
        metadata = new Dictionary<string, Pb.OpMetadata>(StringComparer.Ordinal);
        foreach (var entry in proto.Metadata)
        {
            metadata[entry.Key] = entry.Value ?? new Pb.OpMetadata();
        }
    }

    /// <summary>Every entry of <c>def</c>, in order; the last is the terminal op when there is a result.</summary>
    public IReadOnlyList<LlbOp> Ops { get; }

    /// <summary>The real ops: every entry but the terminal.</summary>
    public IReadOnlyList<LlbOp> Vertices => Ops.Count > 0 && Ops[^1].IsTerminal ? [.. Ops.Take(Ops.Count - 1)] : Ops;

    /// <summary>The result edge (the terminal op's input), or null for an empty Definition.</summary>
    public LlbInput? Result => Ops.Count > 0 && Ops[^1].IsTerminal ? Ops[^1].Inputs[0] : null;

    /// <summary>The serialized <c>pb.Definition</c>, as a SolveRequest carries it.</summary>
    public byte[] ToByteArray() => proto.ToByteArray();

    /// <summary>A copy of the wire message.</summary>
    public Pb.Definition ToProto() => proto.Clone();

    /// <summary>The metadata of an op (a copy), or null when the Definition has none for it.</summary>
    public Pb.OpMetadata? GetMetadata(Digest digest) =>
        metadata.TryGetValue(digest.ToString(), out var value) ? value.Clone() : null;

    /// <summary>The <c>llb.customname</c> of an op, or null.</summary>
    public string? GetCustomName(Digest digest) =>
        metadata.TryGetValue(digest.ToString(), out var value)
            ? value.Description.LastOrDefault(e => e.Key == LlbDescriptionKeys.CustomName)?.Value
            : null;

    /// <summary>Reads a serialized Definition; each op must parse. See <see cref="Validate"/> for the graph rules.</summary>
    /// <exception cref="InvalidDefinitionException">The bytes are not a Definition.</exception>
    public static LlbDefinition Parse(ReadOnlySpan<byte> bytes)
    {
        Pb.Definition definition;
        try
        {
            definition = Pb.Definition.Parser.ParseFrom(bytes);
            if (StrictParser.ParseFrom(bytes).CalculateSize() != definition.CalculateSize())
            {
                throw new InvalidDefinitionException("The data is not an LLB definition: it has fields a Definition does not have.");
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDefinitionException($"The data is not an LLB definition: {e.Message}", e);
        }

        if (definition.Def.Count == 0)
        {
            throw new InvalidDefinitionException("The data is not an LLB definition: it holds no ops.");
        }

        return new LlbDefinition(definition);
    }

    /// <summary>Checks what BuildKit checks when it loads a Definition: at least two entries, a terminal op with an input, no input naming a missing op.</summary>
    /// <exception cref="InvalidDefinitionException">A rule is broken.</exception>
    public void Validate()
    {
        if (Ops.Count < 2)
        {
            throw new InvalidDefinitionException($"Invalid LLB with {Ops.Count} vertexes: a result op and the terminal op are needed.");
        }

        if (!Ops[^1].IsTerminal)
        {
            throw new InvalidDefinitionException("Invalid LLB: the last op is not a terminal op (inputs only).");
        }

        var known = Ops.Select(o => o.Digest).ToHashSet();
        foreach (var op in Ops)
        {
            foreach (var input in op.Op.Inputs)
            {
                if (!Digest.TryParse(input.Digest, out var digest) || !known.Contains(digest))
                {
                    throw new InvalidDefinitionException($"Invalid LLB: op {op.Digest} names the missing input digest '{input.Digest}'.");
                }
            }
        }
    }

    private static LlbOp ParseOp(ByteString bytes, int index)
    {
        try
        {
            return new LlbOp(bytes.ToByteArray(), Pb.Op.Parser.ParseFrom(bytes));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDefinitionException($"Entry {index} of the definition is not an op: {e.Message}", e);
        }
    }
}
