using ContainerBuild.Solver;
using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Names the layers a build made for the history's <c>created_by</c>: follows the result's filesystem down the graph
/// (a file op's first action's base, an exec's root mount, each input of a merge, the upper side of a diff less its
/// lower) and takes each layer-making vertex's progress name, so the top layer is named after the result vertex, the
/// one below after its base's vertex, and so on.
/// </summary>
public static class LayerHistoryNames
{
    /// <summary>The name used for a layer the walk cannot attribute.</summary>
    public const string Unattributed = "containerbuild";

    /// <summary>Names for the top <paramref name="count"/> layers of <paramref name="target"/>'s filesystem, base first.</summary>
    public static IReadOnlyList<string> For(Edge target, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var named = Names(target.Vertex, []);
        var names = new List<string>(count);
        names.AddRange(Enumerable.Repeat(Unattributed, Math.Max(0, count - named.Count)));
        names.AddRange(named.Skip(Math.Max(0, named.Count - count)));
        return names;
    }

    // The names of the layers a vertex's filesystem holds beyond any image it starts from, base first.
    private static List<string> Names(Vertex? vertex, Dictionary<Vertex, List<string>> known)
    {
        if (vertex is null)
        {
            return [];
        }

        if (known.TryGetValue(vertex, out var done))
        {
            return done;
        }

        List<string> names = vertex.Payload switch
        {
            Op { File: { } file } when file.Actions.Count > 0 => [.. Names(InputAt(vertex, file.Actions[0].Input), known), vertex.Name],
            Op { Exec: { } exec } => [.. Names(exec.Mounts.FirstOrDefault(m => m.Dest == "/") is { } root ? InputAt(vertex, root.Input) : null, known), vertex.Name],
            Op { Merge: { } merge } => [.. merge.Inputs.SelectMany(input => Names(InputAt(vertex, input.Input), known))],
            Op { Diff: { } diff } => [.. Names(InputAt(vertex, diff.Upper?.Input ?? -1), known).Skip(Names(InputAt(vertex, diff.Lower?.Input ?? -1), known).Count)],
            _ => [],
        };
        known[vertex] = names;
        return names;
    }

    private static Vertex? InputAt(Vertex vertex, long index) =>
        index >= 0 && index < vertex.Inputs.Count ? vertex.Inputs[(int)index].Vertex : null;
}
