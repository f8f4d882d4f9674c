using ContainerBuild.Graph;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>Turns a Definition into solver vertices whose payload is the <see cref="Graph.Pb.Op"/>; one vertex per op digest.</summary>
public static class LlbVertices
{
    /// <summary>The result edge of <paramref name="definition"/>, with every op below it as a vertex (shared ops once).</summary>
    /// <exception cref="InvalidDefinitionException">The Definition breaks BuildKit's rules or has no result.</exception>
    public static Edge Load(LlbDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        var ops = new Dictionary<Digest, LlbOp>();
        foreach (var op in definition.Vertices)
        {
            ops.TryAdd(op.Digest, op);
        }

        var result = definition.Result ?? throw new InvalidDefinitionException("The definition has no result.");
        var vertices = new Dictionary<Digest, Vertex>();
        return ToEdge(result, ops, vertices, definition, []);
    }

    private static Edge ToEdge(LlbInput input, Dictionary<Digest, LlbOp> ops, Dictionary<Digest, Vertex> vertices, LlbDefinition definition, HashSet<Digest> visiting) =>
        new(ToVertex(input.Digest, ops, vertices, definition, visiting), checked((int)input.Index));

    private static Vertex ToVertex(Digest digest, Dictionary<Digest, LlbOp> ops, Dictionary<Digest, Vertex> vertices, LlbDefinition definition, HashSet<Digest> visiting)
    {
        if (vertices.TryGetValue(digest, out var known))
        {
            return known;
        }

        if (!ops.TryGetValue(digest, out var op))
        {
            throw new InvalidDefinitionException($"Invalid LLB: the op {digest} is named as an input but not defined.");
        }

        if (!visiting.Add(digest))
        {
            throw new InvalidDefinitionException($"Invalid LLB: the op {digest} depends on itself.");
        }

        var inputs = op.Inputs.Select(i => ToEdge(i, ops, vertices, definition, visiting)).ToList();
        visiting.Remove(digest);
        var metadata = definition.GetMetadata(digest);
        var vertex = new Vertex(digest, definition.GetCustomName(digest) ?? OpNames.Describe(op.Op), inputs, op.Op, metadata?.IgnoreCache ?? false);
        vertices[digest] = vertex;
        return vertex;
    }
}
