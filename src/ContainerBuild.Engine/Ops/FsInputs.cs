using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

internal static class FsInputs
{
    /// <summary>Input <paramref name="index"/> as a filesystem state, or a clear error naming the step.</summary>
    public static FsResult Require(IReadOnlyList<IResult> inputs, long index, OperationContext context, string what)
    {
        if (index < 0 || index >= inputs.Count)
        {
            throw new InvalidOperationException($"{context.Vertex.Name}: the {what} names input {index}, but the op has {inputs.Count} inputs.");
        }

        return inputs[(int)index] switch
        {
            FsResult fs => fs,
            LocalDirResult local => throw new OpNotSupportedException(
                what,
                $"{context.Vertex.Name}: the {what} uses the local directory '{local.Name}' as a filesystem state; the in-process engine reads local directories only as copy sources and as bind mounts of a RUN."),
            var other => throw new InvalidOperationException($"{context.Vertex.Name}: input {index} of the {what} is a {other.GetType().Name}, not a filesystem state."),
        };
    }
}
