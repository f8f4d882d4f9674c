using ContainerBuild.Graph.Internal;

namespace ContainerBuild.Graph;

public sealed partial class State
{
    /// <summary>Runs a chain of file actions on this state (one file op).</summary>
    public State File(FileAction action, OpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new State(new Output(new FileVertex(this, action, options ?? OpOptions.None), 0), Metadata);
    }

    /// <summary>Runs a command on this state (one exec op).</summary>
    public ExecState Run(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ExecState(new ExecVertex(this, options), this);
    }

    /// <summary>Names the op behind this state for progress (<c>llb.customname</c>). Scratch has no op, so it stays as it is.</summary>
    public State WithCustomName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithOpOptions(o => o with { CustomName = name });
    }

    /// <summary>Marks the op behind this state to run even when cached.</summary>
    public State IgnoreCache() => WithOpOptions(o => o with { IgnoreCache = true });

    /// <summary>Changes the options of the op behind this state; its digest does not change.</summary>
    public State WithOpOptions(Func<OpOptions, OpOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Output is not { } output)
        {
            return this;
        }

        return new State(new Output(output.Vertex.WithOptions(change(output.Vertex.Options)), output.Index), Metadata);
    }

    /// <summary>
    /// The Definition of the graph ending at this state: every op once (identical ops merged),
    /// dependencies before dependents, the terminal op last. Ops that are not bound to a platform
    /// take <paramref name="defaultPlatform"/>, else this machine's (linux/ARCH).
    /// Scratch gives an empty Definition.
    /// </summary>
    public LlbDefinition Marshal(Oci.Platform? defaultPlatform = null) =>
        LlbMarshaller.Marshal(Output, defaultPlatform ?? HostPlatform.Default);
}
