using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;
using Google.Protobuf;

namespace ContainerBuild.Engine.Ops;

/// <summary>MergeOp: the inputs' layer chains one on top of the other, later inputs winning; nothing is read.</summary>
internal sealed class MergeOperation(Op op, FsResultStore results) : IOperation
{
    public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CacheMap(OpKeys.Of(OpKeys.Merge, Convert.ToBase64String(op.Merge.ToByteArray())))
        {
            Inputs = [.. op.Inputs.Select(_ => new CacheMapInput { ComputeContentDigest = ChainContentAsync })],
        });

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var chain = LayerChain.Empty;
        ImageSourceResult? baseImage = null;
        for (var i = 0; i < op.Merge.Inputs.Count; i++)
        {
            var index = op.Merge.Inputs[i].Input;
            if (index < 0)
            {
                continue;
            }

            var input = FsInputs.Require(inputs, index, context, "merge");
            if (chain.IsEmpty)
            {
                baseImage = input.BaseImage;
            }

            chain = input.Layers.Aggregate(chain, (c, layer) => c.Append(layer));
        }

        var result = new FsResult(chain, baseImage);
        await results.SaveAsync(result, cancellationToken).ConfigureAwait(false);
        return [result];
    }

    internal static Task<Oci.Digest> ChainContentAsync(IResult input, Oci.Digest? selector, CancellationToken cancellationToken) =>
        Task.FromResult(input is FsResult fs ? OpKeys.ChainContent(fs, selector) : OpKeys.Of("containerbuild.content.other.v1", input.Id));
}
