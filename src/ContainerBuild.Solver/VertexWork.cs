using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>
/// The one running solve of a vertex under given settings, shared by every solve and parent that needs it. It is
/// cancelled only when all its waiters have gone; its progress is replayed to whoever joins late. Guarded by the
/// solver's lock.
/// </summary>
internal sealed class VertexWork(Vertex vertex, SolveSettings settings)
{
    public Vertex Vertex { get; } = vertex;

    public SolveSettings Settings { get; } = settings;

    public TaskCompletionSource<VertexOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenSource Cancellation { get; } = new();

    public int Waiters { get; set; }

    /// <summary>Every waiter left before it finished; a new request starts new work.</summary>
    public bool Abandoned { get; set; }

    public HashSet<VertexWork> Inputs { get; } = [];

    public HashSet<SolveJob> Jobs { get; } = [];

    public List<SolveStatus> History { get; } = [];
}
