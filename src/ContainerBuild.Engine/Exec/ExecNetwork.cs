namespace ContainerBuild.Engine.Exec;

/// <summary>The network a RUN sees (LLB <c>NetMode</c>, without BuildKit's CNI default).</summary>
public enum ExecNetwork
{
    /// <summary>
    /// The default: the host's network namespace (no network namespace entry in the spec), as <c>docker build</c>
    /// gives on a daemon without a bridge. Package managers reach the network with the host's resolver.
    /// </summary>
    Host,

    /// <summary>A fresh network namespace that holds only the loopback interface.</summary>
    None,
}
