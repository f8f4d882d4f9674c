namespace ContainerBuild.Engine.Exec;

/// <summary>A RUN for a platform the host cannot execute natively, and no binfmt_misc handler is registered for it.</summary>
public sealed class EmulationUnavailableException : ExecException
{
    public EmulationUnavailableException(string platform, string hostPlatform, string reason, string howToRegister)
        : base($"Cannot run {platform} binaries on this {hostPlatform} host: {reason}. Register an emulator with `{howToRegister}`, or `docker run --privileged --rm tonistiigi/binfmt --install all`.")
    {
        Platform = platform;
        HostPlatform = hostPlatform;
        Reason = reason;
        HowToRegister = howToRegister;
    }

    /// <summary>The platform the step is for (<c>linux/arm64</c>).</summary>
    public string Platform { get; }

    public string HostPlatform { get; }

    /// <summary>What is missing: binfmt_misc not mounted, no handler, handler disabled.</summary>
    public string Reason { get; }

    /// <summary>The Debian command that registers the handler.</summary>
    public string HowToRegister { get; }
}
