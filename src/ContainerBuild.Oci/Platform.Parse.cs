using System.Diagnostics.CodeAnalysis;

namespace ContainerBuild.Oci;

/// <summary>Parsing <c>[os/]arch[/variant]</c> with the aliases people type.</summary>
public sealed partial record Platform
{
    /// <summary>What <see cref="Parse"/> accepts, for error messages and help text.</summary>
    public const string AcceptedNames =
        "os linux or windows (default linux); architectures amd64 (x86_64, x86-64), arm64 (aarch64, arm64v8, arm64/v8), "
        + "arm/v5, arm/v6, arm/v7 (arm = arm/v7, armhf = arm/v7, armel = arm/v6, arm32v5, arm32v6, arm32v7), "
        + "386 (i386, i686), ppc64le, s390x, riscv64";

    private static readonly string[] KnownOperatingSystems = ["linux", "windows"];

    public static Platform LinuxAmd64 { get; } = new() { OS = "linux", Architecture = "amd64" };

    public static Platform LinuxArm64 { get; } = new() { OS = "linux", Architecture = "arm64" };

    /// <summary>
    /// Parses <c>os/arch[/variant]</c>, <c>arch[/variant]</c> (os linux) or an alias such as
    /// <c>x86_64</c>, <c>aarch64</c>, <c>armhf</c>, <c>arm32v7</c>; case does not matter.
    /// </summary>
    /// <exception cref="FormatException">The text names no platform this tool knows; the message lists the accepted names.</exception>
    public static Platform Parse(string text) =>
        TryParse(text, out var platform, out var error) ? platform : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Platform? platform) =>
        TryParse(text, out platform, out _);

    private static bool TryParse(string? text, [NotNullWhen(true)] out Platform? platform, out string error)
    {
        platform = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A platform is required, such as 'linux/amd64'. Accepted: {AcceptedNames}.";
            return false;
        }

        var parts = text.Trim().ToLowerInvariant().Split('/');
        string os = "linux", arch;
        string? variant = null;
        switch (parts.Length)
        {
            case 1:
                arch = parts[0];
                break;
            case 2 when KnownOperatingSystems.Contains(parts[0]) || !IsKnownArchitecture(parts[0]):
                (os, arch) = (parts[0], parts[1]);
                break;
            case 2:
                (arch, variant) = (parts[0], parts[1]);
                break;
            case 3:
                (os, arch, variant) = (parts[0], parts[1], parts[2]);
                break;
            default:
                error = $"'{text}' is not a platform: expected 'os/arch[/variant]'. Accepted: {AcceptedNames}.";
                return false;
        }

        if (!KnownOperatingSystems.Contains(os))
        {
            error = $"'{text}' names the operating system '{os}', which is not supported. Accepted: {AcceptedNames}.";
            return false;
        }

        if (!TryResolveArchitecture(arch, out var canonicalArch, out var impliedVariant))
        {
            error = $"'{text}' names the architecture '{arch}', which is not known. Accepted: {AcceptedNames}.";
            return false;
        }

        if (variant is not null && impliedVariant is not null && NormalizeVariant(variant) != impliedVariant)
        {
            error = $"'{text}' is contradictory: '{arch}' already means variant {impliedVariant}. Accepted: {AcceptedNames}.";
            return false;
        }

        variant = variant is null ? impliedVariant : NormalizeVariant(variant);
        if (variant is not null && !AllowedVariants(canonicalArch).Contains(variant))
        {
            var allowed = AllowedVariants(canonicalArch);
            error = allowed.Length == 0
                ? $"'{text}': the architecture {canonicalArch} has no variants. Accepted: {AcceptedNames}."
                : $"'{text}': '{variant}' is not a variant of {canonicalArch} (one of {string.Join(", ", allowed)}). Accepted: {AcceptedNames}.";
            return false;
        }

        if (canonicalArch == "arm" && variant is null)
        {
            variant = "v7";
        }

        platform = new Platform { OS = os, Architecture = canonicalArch, Variant = variant };
        error = "";
        return true;
    }

    private static bool IsKnownArchitecture(string name) => TryResolveArchitecture(name, out _, out _);

    // Alias → (architecture, variant the alias implies).
    private static bool TryResolveArchitecture(string name, out string architecture, out string? variant)
    {
        (architecture, variant) = name switch
        {
            "amd64" or "x86_64" or "x86-64" => ("amd64", null),
            "arm64" or "aarch64" => ("arm64", null),
            "arm64v8" => ("arm64", "v8"),
            "arm" => ("arm", null),
            "armhf" or "arm32v7" or "armv7" or "armv7l" => ("arm", "v7"),
            "armel" or "arm32v6" or "armv6" or "armv6l" => ("arm", "v6"),
            "arm32v5" or "armv5" or "armv5l" => ("arm", "v5"),
            "386" or "i386" or "i686" => ("386", null),
            "ppc64le" or "s390x" or "riscv64" => (name, null),
            _ => ("", null),
        };
        return architecture.Length > 0;
    }

    private static string NormalizeVariant(string variant) =>
        variant.Length > 0 && char.IsAsciiDigit(variant[0]) ? "v" + variant : variant;

    private static string[] AllowedVariants(string architecture) => architecture switch
    {
        "arm" => ["v5", "v6", "v7"],
        "arm64" => ["v8", "v9"],
        "amd64" => ["v1", "v2", "v3", "v4"],
        _ => [],
    };

    // Spelling only: aliases resolved, lower case, arm's v7 filled in; unknown names kept as they are.
    private static Platform Canonical(Platform platform)
    {
        var os = (platform.OS ?? "").ToLowerInvariant();
        var arch = (platform.Architecture ?? "").ToLowerInvariant();
        var variant = string.IsNullOrEmpty(platform.Variant) ? null : NormalizeVariant(platform.Variant.ToLowerInvariant());
        if (TryResolveArchitecture(arch, out var canonicalArch, out var implied))
        {
            arch = canonicalArch;
            variant ??= implied;
        }

        if (arch == "arm" && variant is null)
        {
            variant = "v7";
        }

        return platform with { OS = os, Architecture = arch, Variant = variant };
    }
}
