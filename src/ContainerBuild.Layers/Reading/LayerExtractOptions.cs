namespace ContainerBuild.Layers;

/// <summary>What to do with whiteout entries when extracting.</summary>
public enum WhiteoutHandling
{
    /// <summary>Delete what they name from the target (flattening layers onto one root; the default).</summary>
    Apply,

    /// <summary>Keep them as plain <c>.wh.</c> files (extracting one layer on its own).</summary>
    Keep,
}

/// <summary>How a layer is extracted.</summary>
public sealed record LayerExtractOptions
{
    public WhiteoutHandling Whiteouts { get; init; } = WhiteoutHandling.Apply;

    /// <summary>Set owners from the tar (needs root); default: when running as root.</summary>
    public bool ApplyOwners { get; init; } = Environment.IsPrivilegedProcess;

    /// <summary>Create device files (needs root); default: when running as root. Otherwise a device entry is refused.</summary>
    public bool AllowDevices { get; init; } = Environment.IsPrivilegedProcess;
}

/// <summary>What an extraction did: the diff id of the tar read, and how many entries it applied.</summary>
public sealed record ExtractedLayer(ContainerBuild.Oci.Digest DiffId, ContainerBuild.Oci.LayerCompression Compression, int EntryCount);
