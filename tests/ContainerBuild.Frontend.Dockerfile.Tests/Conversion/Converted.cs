using ContainerBuild.Graph;
using ContainerBuild.Graph.Pb;
using FileAction = ContainerBuild.Graph.Pb.FileAction;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

/// <summary>A conversion's result with its Definition marshalled, and ways to find its ops.</summary>
internal sealed class Converted
{
    public Converted(DockerfileConvertResult result, FakeImages images)
    {
        Result = result;
        Images = images;
        Definition = result.Platforms[0].State.Marshal(result.Platforms[0].Platform);
    }

    public DockerfileConvertResult Result { get; }

    public FakeImages Images { get; }

    public State State => Result.Platforms[0].State;

    public ImageMetadata Metadata => State.Metadata;

    public LlbDefinition Definition { get; }

    public IReadOnlyList<LlbOp> Ops => Definition.Vertices;

    public IReadOnlyList<ExecOp> Execs => [.. Ops.Where(o => o.Op.Exec is not null).Select(o => o.Op.Exec)];

    public ExecOp Exec => Assert.Single(Execs);

    public IReadOnlyList<FileAction> FileActions => [.. Ops.Where(o => o.Op.File is not null).SelectMany(o => o.Op.File.Actions)];

    public IReadOnlyList<FileActionCopy> Copies => [.. FileActions.Where(a => a.Copy is not null).Select(a => a.Copy)];

    public FileActionCopy Copy => Assert.Single(Copies);

    public IReadOnlyList<string> Sources => [.. Ops.Where(o => o.Op.Source is not null).Select(o => o.Op.Source.Identifier)];

    /// <summary>The progress names of the ops, in Definition order.</summary>
    public IReadOnlyList<string> Names => [.. Ops.Select(o => Definition.GetCustomName(o.Digest)).OfType<string>()];

    public LlbOp OpNamed(string name) => Assert.Single(Ops, o => Definition.GetCustomName(o.Digest) == name);

    public OpMetadata MetadataOf(LlbOp op) => Definition.GetMetadata(op.Digest) ?? new OpMetadata();

    /// <summary>The value of NAME in an exec's env, or null.</summary>
    public static string? EnvOf(ExecOp exec, string name) =>
        exec.Meta.Env.Where(e => e.StartsWith(name + "=", StringComparison.Ordinal)).Select(e => e[(name.Length + 1)..]).SingleOrDefault();
}
