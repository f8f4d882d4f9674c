using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>A RUN needs a secret (or ssh agent) the build was not given.</summary>
public sealed class SecretNotFoundException : ExecException
{
    public SecretNotFoundException(string step, string kind, string id)
        : base($"{step}: the {kind} '{id}' is required but was not provided (pass it with --{kind} id={id}{(kind == "secret" ? ",src=FILE or ,env=VARIABLE" : "=SOCKET")}, or mark the mount optional).")
    {
        Step = step;
        Kind = kind;
        Id = id;
    }

    public string Step { get; }

    /// <summary><c>secret</c> or <c>ssh</c>.</summary>
    public string Kind { get; }

    public string Id { get; }
}
