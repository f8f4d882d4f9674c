namespace ContainerBuild.Engine.Exec;

/// <summary>The OCI runtime that runs a RUN's container; both take the same command line.</summary>
public enum OciRuntimeKind
{
    /// <summary>The default, as Docker's and BuildKit's.</summary>
    Runc,

    /// <summary>Faster to start (a C program); on a hybrid cgroup host it needs every v1 controller mounted.</summary>
    Crun,
}
