namespace ContainerBuild.Engine.Exec;

/// <summary>The security mode of a RUN (LLB <c>SecurityMode</c>).</summary>
public enum ExecSecurity
{
    /// <summary>Docker's default capabilities, masked and read-only /proc paths, a device cgroup that denies all but the defaults.</summary>
    Sandbox,

    /// <summary>
    /// Privileged: every capability the caller holds, nothing masked, /sys and cgroups writable, every device allowed.
    /// Needs the <c>security.insecure</c> entitlement (<see cref="OciRuntimeSpecOptions.AllowInsecure"/>).
    /// </summary>
    Insecure,
}
