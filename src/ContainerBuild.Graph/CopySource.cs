namespace ContainerBuild.Graph;

/// <summary>Where a copy reads from: a state, or a chain of actions of the same file op (<see cref="FileAction.On"/>).</summary>
public sealed class CopySource
{
    internal CopySource(State state, FileAction? chain)
    {
        State = state;
        Chain = chain;
    }

    /// <summary>The state read from; for a chain, the state the chain runs on.</summary>
    public State State { get; }

    internal FileAction? Chain { get; }

    public static CopySource FromState(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new CopySource(state, null);
    }

    public static implicit operator CopySource(State state) => FromState(state);
}
