namespace ContainerBuild.Graph.Internal;

/// <summary>A merge op: its inputs' filesystems stacked in order, later ones winning. Each input gets its own index, as in the Go client.</summary>
internal sealed class MergeVertex(IReadOnlyList<Output> inputs, OpOptions options) : Vertex(options)
{
    public override IEnumerable<Output> Dependencies => inputs;

    public override IEnumerable<string> Caps => [LlbCaps.MergeOp];

    public override Vertex WithOptions(OpOptions options) => new MergeVertex(inputs, options);

    public override Pb.Op ToOp(MarshalContext context)
    {
        var op = PbConvert.NewOp(platform: null);
        var merge = new Pb.MergeOp();
        foreach (var input in inputs)
        {
            merge.Inputs.Add(new Pb.MergeInput { Input = op.Inputs.Count });
            op.Inputs.Add(context.InputFor(input));
        }

        op.Merge = merge;
        return op;
    }
}
