using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;
using Google.Protobuf;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// DiffOp: what upper adds to lower. Lazily possible when lower's chain is a prefix of upper's (the remaining
/// layers); any other pair needs both filesystems compared, which the engine does not do yet.
/// </summary>
internal sealed class DiffOperation(Op op, FsResultStore results) : IOperation
{
    public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CacheMap(OpKeys.Of(OpKeys.Diff, Convert.ToBase64String(op.Diff.ToByteArray())))
        {
            Inputs = [.. op.Inputs.Select(_ => new CacheMapInput { ComputeContentDigest = MergeOperation.ChainContentAsync })],
        });

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var lowerIndex = op.Diff.Lower?.Input ?? -1;
        var upperIndex = op.Diff.Upper?.Input ?? -1;
        var lower = lowerIndex < 0 ? null : FsInputs.Require(inputs, lowerIndex, context, "diff");
        var upper = upperIndex < 0 ? null : FsInputs.Require(inputs, upperIndex, context, "diff");
        FsResult result;
        if (upper is null)
        {
            result = lower is null || lower.Layers.IsEmpty
                ? new FsResult(LayerChain.Empty, null)
                : throw new OpNotSupportedException("diff", $"{context.Vertex.Name}: a diff from a non-empty lower state to scratch (a state of deletions only) is not supported by the in-process engine yet.");
        }
        else if (lower is null || lower.Layers.IsEmpty)
        {
            result = new FsResult(upper.Layers, upper.BaseImage);
        }
        else if (lower.Layers.Count <= upper.Layers.Count && lower.Layers.SequenceEqual(upper.Layers.Take(lower.Layers.Count)))
        {
            result = new FsResult(LayerChain.Of(upper.Layers.Skip(lower.Layers.Count)), null);
        }
        else
        {
            throw new OpNotSupportedException(
                "diff",
                $"{context.Vertex.Name}: a diff whose lower state ({lower.Layers}) is not a base of the upper state ({upper.Layers}) needs the two filesystems compared, which the in-process engine does not do yet; only a diff onto a state built on top of its lower one is supported.");
        }

        await results.SaveAsync(result, cancellationToken).ConfigureAwait(false);
        return [result];
    }
}
