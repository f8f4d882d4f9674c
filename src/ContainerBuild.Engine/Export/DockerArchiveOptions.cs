using System.Runtime.InteropServices;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>How a docker archive (or a load, or a root filesystem) picks its one image from an index, and where it spools layers.</summary>
public sealed record DockerArchiveOptions
{
    /// <summary>The platform taken from an index; default: this machine's (linux/amd64 or linux/arm64).</summary>
    public Platform Platform { get; init; } = HostPlatform;

    /// <summary>Where layers are spooled while they are checked (and zstd ones decompressed); default: the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>The linux platform of this machine's CPU.</summary>
    public static Platform HostPlatform { get; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => Platform.LinuxArm64,
        Architecture.Arm => new Platform { OS = "linux", Architecture = "arm", Variant = "v7" },
        _ => Platform.LinuxAmd64,
    };
}
