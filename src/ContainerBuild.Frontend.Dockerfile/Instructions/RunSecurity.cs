namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>RUN --security=</c>: <c>sandbox</c> (the default) or <c>insecure</c> (privileged).</summary>
public enum RunSecurity
{
    Sandbox,
    Insecure,
}
