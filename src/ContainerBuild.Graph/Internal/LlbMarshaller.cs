using Google.Protobuf;
using ContainerBuild.Oci;

namespace ContainerBuild.Graph.Internal;

/// <summary>
/// Walks the graph depth-first (inputs in the order an op lists them), marshals each op once,
/// merges ops with equal bytes, and appends the terminal op. Map entries are written sorted, so the
/// bytes, and with them the digests, are those of Go's deterministic marshal.
/// </summary>
internal static class LlbMarshaller
{
    public static LlbDefinition Marshal(Output? result, Oci.Platform defaultPlatform)
    {
        var definition = new Pb.Definition();
        if (result is not { } resultOutput)
        {
            return new LlbDefinition(definition);
        }

        var digests = new Dictionary<Vertex, Digest>(ReferenceEqualityComparer.Instance);
        var metadata = new SortedDictionary<string, OpMetadataBuilder>(StringComparer.Ordinal);
        var written = new HashSet<Digest>();
        var context = new MarshalContext(defaultPlatform, digests);
        Visit(resultOutput.Vertex);

        var terminal = new Pb.Op();
        terminal.Inputs.Add(context.InputFor(resultOutput));
        var terminalBytes = terminal.ToByteArray();
        definition.Def.Add(ByteString.CopyFrom(terminalBytes));
        var terminalMetadata = MetadataFor(Digest.Compute(terminalBytes));
        terminalMetadata.AddCaps([LlbCaps.Constraints, LlbCaps.Platform]);
        if (metadata.Values.Any(m => m.IgnoreCache))
        {
            terminalMetadata.AddCaps([LlbCaps.MetaIgnoreCache]);
        }

        if (metadata.Values.Any(m => m.HasDescription))
        {
            terminalMetadata.AddCaps([LlbCaps.MetaDescription]);
        }

        foreach (var (key, builder) in metadata)
        {
            definition.Metadata.Add(new Pb.OpMetadataMapEntry { Key = key, Value = builder.Build() });
        }

        return new LlbDefinition(definition);

        void Visit(Vertex vertex)
        {
            if (digests.ContainsKey(vertex))
            {
                return;
            }

            foreach (var dependency in vertex.Dependencies)
            {
                Visit(dependency.Vertex);
            }

            var bytes = vertex.ToOp(context).ToByteArray();
            var digest = Digest.Compute(bytes);
            digests[vertex] = digest;
            MetadataFor(digest).Merge(vertex.Options, vertex.Caps);
            if (written.Add(digest))
            {
                definition.Def.Add(ByteString.CopyFrom(bytes));
            }
        }

        OpMetadataBuilder MetadataFor(Digest digest)
        {
            var key = digest.ToString();
            if (!metadata.TryGetValue(key, out var builder))
            {
                builder = new OpMetadataBuilder();
                metadata[key] = builder;
            }

            return builder;
        }
    }
}
