using ContainerBuild.Graph.Internal;

namespace ContainerBuild.Graph;

/// <summary>The result of <see cref="State.Run"/>: the root filesystem after the command, and each writable mount's result.</summary>
public sealed class ExecState
{
    private readonly ExecVertex vertex;
    private readonly State baseState;

    internal ExecState(ExecVertex vertex, State baseState)
    {
        this.vertex = vertex;
        this.baseState = baseState;
        Root = GetMount("/");
    }

    /// <summary>The root filesystem after the command (the state itself when the root was read-only).</summary>
    public State Root { get; }

    /// <summary>The content of the mount at <paramref name="target"/> after the command.</summary>
    /// <exception cref="InvalidOperationException">The mount has no result (cache, tmpfs, secret, ssh, or no output).</exception>
    public State GetMount(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var mount = vertex.Mounts.FirstOrDefault(m => m.Target == target)
            ?? throw new InvalidOperationException($"The RUN has no mount at '{target}'.");
        if (mount.OutputIndex >= 0)
        {
            return new State(new Output(vertex, mount.OutputIndex), mount.Source?.Metadata ?? baseState.Metadata);
        }

        if (mount.Readonly && mount.Source is { } source)
        {
            return source; // a read-only mount leaves its source as it was
        }

        throw new InvalidOperationException($"The mount at '{target}' produces no result.");
    }
}
