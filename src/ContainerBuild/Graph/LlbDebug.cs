using ContainerBuild.Graph;

namespace ContainerBuild;

/// <summary>What <c>debug dump-llb</c> shows of a serialized LLB Definition, for hosts that do not reference the graph.</summary>
public static class LlbDebug
{
    /// <summary>
    /// Renders <paramref name="definition"/> as one JSON object per op (<paramref name="dot"/> false)
    /// or a Graphviz digraph; false with a one-sentence <paramref name="error"/> when the bytes are not a Definition.
    /// </summary>
    public static bool TryDump(ReadOnlySpan<byte> definition, bool dot, out string output, out string error)
    {
        try
        {
            var parsed = LlbDefinition.Parse(definition);
            output = dot ? DefinitionDump.Dot(parsed) : string.Concat(DefinitionDump.JsonLines(parsed).Select(line => line + "\n"));
            error = "";
            return true;
        }
        catch (InvalidDefinitionException e)
        {
            output = "";
            error = e.Message;
            return false;
        }
    }
}
