namespace ContainerBuild.Engine.Overlay;

/// <summary>How the root filesystem of a RUN is made.</summary>
public enum RootfsMode
{
    /// <summary>An overlay where the kernel allows this process to mount one, else a copy (the default).</summary>
    Auto,

    /// <summary>Always an overlay; failing to mount one is an error.</summary>
    Overlay,

    /// <summary>Always a full copy of the lower snapshot (no mount; slower, for hosts without overlayfs).</summary>
    Copy,
}

/// <summary>What a <see cref="RootfsMount"/> is.</summary>
public enum RootfsKind
{
    /// <summary>An overlayfs mount of the layers with a fresh upper dir.</summary>
    Overlay,

    /// <summary>A full copy of the merged lower snapshot.</summary>
    Copy,

    /// <summary>An overlayfs mount of the layers alone, read-only: a state's files to read, never changes to collect.</summary>
    ReadOnlyOverlay,
}

/// <summary>How a <see cref="RootfsMounter"/> makes root filesystems.</summary>
public sealed record RootfsMountOptions
{
    /// <summary>Set to 1 (or true) to use copies instead of overlay mounts.</summary>
    public const string NoOverlayVariable = "CB_NO_OVERLAY";

    public RootfsMode Mode { get; init; } = RootfsMode.Auto;

    /// <summary>
    /// The most lower directories one mount stacks (the kernel allows 500); a longer chain mounts the merged snapshot
    /// of its bottom layers under its top ones.
    /// </summary>
    public int MaxLowerDirs { get; init; } = 128;

    /// <summary>How long to wait for another build that is unpacking the same layer.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The options the environment asks for (<see cref="NoOverlayVariable"/>); read by the host.</summary>
    public static RootfsMountOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var noOverlay = environment.TryGetValue(NoOverlayVariable, out var value)
            && (value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
        return new RootfsMountOptions { Mode = noOverlay ? RootfsMode.Copy : RootfsMode.Auto };
    }
}
