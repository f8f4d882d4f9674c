using System.Runtime.InteropServices;

namespace ContainerBuild.Graph.Internal;

/// <summary>The platform an op gets when nothing chose one: linux on this machine's architecture, normalized as containerd does.</summary>
internal static class HostPlatform
{
    public static Oci.Platform Default { get; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => new Oci.Platform { OS = "linux", Architecture = "arm64" },
        Architecture.Arm => new Oci.Platform { OS = "linux", Architecture = "arm", Variant = "v7" },
        Architecture.X86 => new Oci.Platform { OS = "linux", Architecture = "386" },
        Architecture.S390x => new Oci.Platform { OS = "linux", Architecture = "s390x" },
        Architecture.Ppc64le => new Oci.Platform { OS = "linux", Architecture = "ppc64le" },
        Architecture.RiscV64 => new Oci.Platform { OS = "linux", Architecture = "riscv64" },
        Architecture.LoongArch64 => new Oci.Platform { OS = "linux", Architecture = "loong64" },
        _ => new Oci.Platform { OS = "linux", Architecture = "amd64" },
    };
}
