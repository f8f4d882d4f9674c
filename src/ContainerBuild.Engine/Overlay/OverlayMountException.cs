namespace ContainerBuild.Engine.Overlay;

/// <summary>The kernel refused to mount the overlay root filesystem of a RUN.</summary>
public sealed class OverlayMountException : IOException
{
    public OverlayMountException(string target, string options, int errorNumber)
        : base($"Mounting the overlay root filesystem at {target} failed: {OverlayNative.Describe(errorNumber)} (errno {errorNumber}). "
            + $"Overlay mounts need root (or CAP_SYS_ADMIN) and a kernel with overlayfs; set {RootfsMountOptions.NoOverlayVariable}=1 to copy the root filesystem instead. Options: {options}")
    {
        Target = target;
        Options = options;
        ErrorNumber = errorNumber;
    }

    public OverlayMountException()
    {
    }

    public OverlayMountException(string message)
        : base(message)
    {
    }

    public OverlayMountException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The mount point.</summary>
    public string Target { get; } = "";

    /// <summary>The mount data given to the kernel.</summary>
    public string Options { get; } = "";

    /// <summary>The errno of mount(2).</summary>
    public int ErrorNumber { get; }
}
