namespace ContainerBuild.Engine.Exec;

/// <summary>A RUN asked for <c>security=insecure</c> but the build was not granted the <c>security.insecure</c> entitlement.</summary>
public sealed class InsecureEntitlementRequiredException : ExecException
{
    public InsecureEntitlementRequiredException()
        : base("security=insecure needs the security.insecure entitlement (`--allow security.insecure`); it was not granted to this build.")
    {
    }

    /// <summary>The entitlement name as BuildKit spells it.</summary>
    public static string Entitlement => "security.insecure";
}
