using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Engine.Ops;

/// <summary>A name for progress when a Definition gives an op no <c>llb.customname</c>.</summary>
internal static class OpNames
{
    public static string Describe(Op op) => op.OpCase switch
    {
        Op.OpOneofCase.Source => op.Source.Identifier,
        Op.OpOneofCase.Exec => "exec " + string.Join(' ', op.Exec.Meta?.Args ?? []),
        Op.OpOneofCase.File => "file " + string.Join(", ", op.File.Actions.Select(a => a.ActionCase.ToString().ToLowerInvariant())),
        Op.OpOneofCase.Merge => "merge",
        Op.OpOneofCase.Diff => "diff",
        _ => op.OpCase.ToString().ToLowerInvariant(),
    };
}
