namespace ContainerBuild.Engine.Local;

/// <summary>Per pattern, whether a directory or one of its ancestors matched; what a walker carries down the tree.</summary>
public readonly struct MatchState
{
    private readonly bool[]? matched;

    internal MatchState(bool[] matched) => this.matched = matched;

    /// <summary>The state of the root: nothing matched yet.</summary>
    public static MatchState Root => default;

    internal bool Matched(int index) => matched is not null && matched[index];
}
