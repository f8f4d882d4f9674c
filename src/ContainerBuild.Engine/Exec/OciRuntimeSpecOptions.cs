namespace ContainerBuild.Engine.Exec;

/// <summary>What every runtime spec of a build shares.</summary>
public sealed record OciRuntimeSpecOptions
{
    /// <summary>The <c>security.insecure</c> entitlement: without it a RUN asking for <see cref="ExecSecurity.Insecure"/> fails.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>The cgroup (cgroupfs path) every container of ours is placed under, apart from dockerd's.</summary>
    public string CgroupParent { get; init; } = "containerbuild";

    /// <summary>The resolver configuration copied into each container.</summary>
    public string HostResolvConf { get; init; } = "/etc/resolv.conf";
}
