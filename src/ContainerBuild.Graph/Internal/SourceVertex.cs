namespace ContainerBuild.Graph.Internal;

/// <summary>A source op: an identifier and its attrs; only image sources carry a platform.</summary>
internal sealed class SourceVertex(
    string identifier,
    IReadOnlyDictionary<string, string> attrs,
    bool platformSpecific,
    Oci.Platform? platform,
    IReadOnlyList<string> caps,
    OpOptions options) : Vertex(options)
{
    public string Identifier { get; } = identifier;

    public override IEnumerable<Output> Dependencies => [];

    public override IEnumerable<string> Caps => caps;

    public override Vertex WithOptions(OpOptions options) =>
        new SourceVertex(Identifier, attrs, platformSpecific, platform, caps, options);

    public override Pb.Op ToOp(MarshalContext context)
    {
        var op = PbConvert.NewOp(platformSpecific ? platform ?? context.DefaultPlatform : null);
        var source = new Pb.SourceOp { Identifier = Identifier };
        source.Attrs.Add(PbConvert.SortedEntries(attrs));
        op.Source = source;
        return op;
    }
}
