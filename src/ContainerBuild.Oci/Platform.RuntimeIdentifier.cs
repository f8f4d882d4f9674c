using System.Diagnostics.CodeAnalysis;

namespace ContainerBuild.Oci;

/// <summary>The mapping between platforms and .NET runtime identifiers (RIDs).</summary>
public sealed partial record Platform
{
    private static readonly (string RidArchitecture, string Architecture, string? Variant)[] RidArchitectures =
    [
        ("x64", "amd64", null),
        ("arm64", "arm64", null),
        ("arm", "arm", "v7"),
        ("x86", "386", null),
        ("s390x", "s390x", null),
        ("ppc64le", "ppc64le", null),
        ("riscv64", "riscv64", null),
    ];

    /// <summary>
    /// The platform of a RID: <c>linux-x64</c> → linux/amd64, <c>linux-arm</c> → linux/arm/v7,
    /// <c>linux-musl-arm64</c> → linux/arm64 (musl changes the libc, not the platform), <c>win-x64</c> → windows/amd64.
    /// </summary>
    /// <exception cref="FormatException">The RID names no container platform.</exception>
    public static Platform FromRuntimeIdentifier(string runtimeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(runtimeIdentifier);
        var rid = runtimeIdentifier.Trim().ToLowerInvariant();
        var (os, rest) = rid switch
        {
            _ when rid.StartsWith("linux-musl-", StringComparison.Ordinal) => ("linux", rid["linux-musl-".Length..]),
            _ when rid.StartsWith("linux-", StringComparison.Ordinal) => ("linux", rid["linux-".Length..]),
            _ when rid.StartsWith("win-", StringComparison.Ordinal) => ("windows", rid["win-".Length..]),
            _ => ("", ""),
        };
        foreach (var (ridArch, arch, variant) in RidArchitectures)
        {
            if (os.Length > 0 && rest == ridArch)
            {
                return new Platform { OS = os, Architecture = arch, Variant = variant };
            }
        }

        throw new FormatException(
            $"'{runtimeIdentifier}' is not a runtime identifier with a container platform: expected linux-, linux-musl- or win- "
            + $"followed by one of {string.Join(", ", RidArchitectures.Select(a => a.RidArchitecture))}.");
    }

    /// <summary>Whether a RID targets musl libc (Alpine): <c>linux-musl-x64</c>.</summary>
    public static bool IsMuslRuntimeIdentifier(string runtimeIdentifier) =>
        runtimeIdentifier?.StartsWith("linux-musl-", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The RID for this platform: linux/amd64 → <c>linux-x64</c>, or <c>linux-musl-x64</c> with <paramref name="musl"/>.</summary>
    /// <exception cref="NotSupportedException">.NET has no RID for this platform (such as arm/v6), or musl was asked for on Windows.</exception>
    public string ToRuntimeIdentifier(bool musl = false) =>
        TryGetRuntimeIdentifier(musl, out var rid)
            ? rid
            : throw new NotSupportedException(
                $"There is no .NET runtime identifier for {this}{(musl ? " with musl" : "")}: .NET targets "
                + "linux/amd64, linux/arm64, linux/arm/v7, linux/386, linux/s390x, linux/ppc64le and linux/riscv64 (also with musl), "
                + "and windows/amd64, windows/arm64, windows/386.");

    public bool TryGetRuntimeIdentifier(bool musl, [NotNullWhen(true)] out string? runtimeIdentifier)
    {
        runtimeIdentifier = null;
        var platform = Canonical(this);
        var prefix = platform.OS switch
        {
            "linux" => musl ? "linux-musl-" : "linux-",
            "windows" when !musl => "win-",
            _ => null,
        };
        if (prefix is null)
        {
            return false;
        }

        foreach (var (ridArch, arch, variant) in RidArchitectures)
        {
            if (platform.Architecture == arch && (variant is null || platform.EffectiveVariant == variant))
            {
                runtimeIdentifier = prefix + ridArch;
                return true;
            }
        }

        return false;
    }
}
