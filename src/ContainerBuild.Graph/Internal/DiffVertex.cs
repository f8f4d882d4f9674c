namespace ContainerBuild.Graph.Internal;

/// <summary>A diff op: the change set from lower to upper; either side may be scratch (-1).</summary>
internal sealed class DiffVertex(Output? lower, Output? upper, OpOptions options) : Vertex(options)
{
    public override IEnumerable<Output> Dependencies =>
        new[] { lower, upper }.Where(o => o is not null).Select(o => o!.Value);

    public override IEnumerable<string> Caps => [LlbCaps.DiffOp];

    public override Vertex WithOptions(OpOptions options) => new DiffVertex(lower, upper, options);

    public override Pb.Op ToOp(MarshalContext context)
    {
        var op = PbConvert.NewOp(platform: null);
        var diff = new Pb.DiffOp
        {
            Lower = new Pb.LowerDiffInput { Input = Add(lower) },
            Upper = new Pb.UpperDiffInput { Input = Add(upper) },
        };
        op.Diff = diff;
        return op;

        long Add(Output? output)
        {
            if (output is not { } present)
            {
                return -1;
            }

            op.Inputs.Add(context.InputFor(present));
            return op.Inputs.Count - 1;
        }
    }
}
