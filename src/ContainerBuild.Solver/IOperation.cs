namespace ContainerBuild.Solver;

/// <summary>What a vertex does: describe itself for the cache, and run.</summary>
public interface IOperation
{
    /// <summary>The op's cache description: a base key for the op itself and, per input, a selector and content function.</summary>
    Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken);

    /// <summary>Runs the op on its inputs' results (one per input edge, in order) and returns its outputs (at least one).</summary>
    Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken);
}
