using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>An op the engine cannot run: fails the vertex (so the error names the step) with a typed error.</summary>
internal sealed class UnsupportedOperation(OpNotSupportedException error) : IOperation
{
    public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken) => Task.FromException<CacheMap>(error);

    public Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken) =>
        Task.FromException<IReadOnlyList<IResult>>(error);
}
