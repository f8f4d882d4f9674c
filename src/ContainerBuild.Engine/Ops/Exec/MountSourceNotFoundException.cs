using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>A bind or cache mount names a source path its state does not have.</summary>
public sealed class MountSourceNotFoundException(string step, string source)
    : ExecException($"{step}: the mount source '{source}' does not exist in its state.")
{
    public string Step { get; } = step;

    /// <summary>The path in the mount's state (its selector).</summary>
    public string SourcePath { get; } = source;
}
