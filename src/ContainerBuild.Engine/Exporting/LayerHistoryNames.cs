using ContainerBuild.Solver;
using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Names the layers a build made for the history's <c>created_by</c>: follows the result's filesystem down the graph
/// (a file op's first action's base, an exec's root mount) and takes each layer-making vertex's progress name, so
/// the top layer is named after the result vertex, the one below after its base's vertex, and so on.
/// </summary>
public static class LayerHistoryNames
{
    /// <summary>The name used for a layer the walk cannot attribute (merge and diff inputs).</summary>
    public const string Unattributed = "containerbuild";

    /// <summary>Names for the top <paramref name="count"/> layers of <paramref name="target"/>'s filesystem, base first.</summary>
    public static IReadOnlyList<string> For(Edge target, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var topDown = new List<string>(count);
        Vertex? vertex = target.Vertex;
        while (vertex is not null && topDown.Count < count)
        {
            switch (vertex.Payload)
            {
                case Op { File: { } file } when file.Actions.Count > 0:
                    topDown.Add(vertex.Name);
                    vertex = InputAt(vertex, file.Actions[0].Input);
                    break;
                case Op { Exec: { } exec }:
                    topDown.Add(vertex.Name);
                    vertex = exec.Mounts.FirstOrDefault(m => m.Dest == "/") is { } root ? InputAt(vertex, root.Input) : null;
                    break;
                default:
                    vertex = null;
                    break;
            }
        }

        while (topDown.Count < count)
        {
            topDown.Add(Unattributed);
        }

        topDown.Reverse();
        return topDown;
    }

    private static Vertex? InputAt(Vertex vertex, long index) =>
        index >= 0 && index < vertex.Inputs.Count ? vertex.Inputs[(int)index].Vertex : null;
}
