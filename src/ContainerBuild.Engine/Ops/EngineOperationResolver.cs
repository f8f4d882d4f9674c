using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>Turns LLB vertices (payload <see cref="Op"/>, see <see cref="LlbVertices"/>) into the engine's operations.</summary>
public sealed class EngineOperationResolver : IOperationResolver
{
    private readonly EngineContext context;
    private readonly FsResultStore results;
    private readonly LayerIndexCache indexes;
    private readonly ExecEngine exec;

    public EngineOperationResolver(EngineContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        results = new FsResultStore(context.Store, context.Blobs);
        exec = new ExecEngine(context);
        indexes = new LayerIndexCache(context, exec.Mounter.LowerDirs);
    }

    public IResultStore Results => results;

    public IOperation Resolve(Vertex vertex)
    {
        ArgumentNullException.ThrowIfNull(vertex);
        if (vertex.Payload is not Op op)
        {
            throw new ArgumentException($"The vertex {vertex} carries no LLB op (load Definitions with {nameof(LlbVertices)}.{nameof(LlbVertices.Load)}).", nameof(vertex));
        }

        return op.OpCase switch
        {
            Op.OpOneofCase.Source when op.Source.Identifier.StartsWith(ImageSourceResolver.Scheme, StringComparison.Ordinal) => new ImageSourceOperation(op, context, results),
            Op.OpOneofCase.Source when LocalSourceOperation.Handles(op.Source.Identifier) => new LocalSourceOperation(op, context),
            Op.OpOneofCase.Source when HttpSourceOperation.Handles(op.Source.Identifier) => new HttpSourceOperation(op, context),
            Op.OpOneofCase.Source => new UnsupportedOperation(new OpNotSupportedException(
                "source",
                $"The source '{op.Source.Identifier}' is not supported by the in-process engine yet: it reads docker-image://, local:// and http(s):// sources.")),
            Op.OpOneofCase.File => new FileOperation(op, context, results, indexes, exec.Mounter),
            Op.OpOneofCase.Merge => new MergeOperation(op, results),
            Op.OpOneofCase.Diff => new DiffOperation(op, results),
            Op.OpOneofCase.Exec => new ExecOperation(op, context, exec, results),
            _ => new UnsupportedOperation(new OpNotSupportedException(op.OpCase.ToString().ToLowerInvariant(), $"The op '{vertex.Name}' ({op.OpCase}) is not supported by the in-process engine.")),
        };
    }
}
