namespace ContainerBuild.Progress;

/// <summary>The <c>--progress</c> modes, as BuildKit names them.</summary>
public enum ProgressMode
{
    Auto,
    Plain,
    Tty,
    RawJson,
    Quiet,
}
