namespace ContainerBuild.Engine.Exec;

/// <summary>The OCI runtime (runc or crun) is not installed where the executor looked.</summary>
public sealed class OciRuntimeNotFoundException : ExecException
{
    public OciRuntimeNotFoundException(string runtime, IReadOnlyList<string> searched)
        : base($"The OCI runtime '{runtime}' was not found (looked in {string.Join(", ", searched)}); RUN steps need it: install it with `apt-get install {runtime}` (or `dnf install {runtime}`, `apk add {runtime}`), or choose the other runtime.")
    {
        Runtime = runtime;
        Searched = searched;
    }

    /// <summary>The program looked for: <c>runc</c> or <c>crun</c>.</summary>
    public string Runtime { get; }

    /// <summary>The places looked in.</summary>
    public IReadOnlyList<string> Searched { get; }
}
