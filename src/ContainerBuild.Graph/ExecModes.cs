namespace ContainerBuild.Graph;

/// <summary>The network of a RUN (<c>NetMode</c>).</summary>
public enum ExecNetwork
{
    /// <summary>The default sandboxed network.</summary>
    Sandbox,

    /// <summary>The host's network (needs the <c>network.host</c> entitlement).</summary>
    Host,

    None,
}

/// <summary>The security mode of a RUN (<c>SecurityMode</c>).</summary>
public enum ExecSecurity
{
    Sandbox,

    /// <summary>Privileged (needs the <c>security.insecure</c> entitlement).</summary>
    Insecure,
}

/// <summary>An <c>/etc/hosts</c> entry added for a RUN.</summary>
public sealed record ExtraHost(string Host, string IP);
