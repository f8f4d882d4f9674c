using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ContainerBuild.Oci;
using ContainerBuild.Progress;

namespace ContainerBuild.Tasks.Publishing;

/// <summary>The accepted spellings of the container properties that take one of a few values.</summary>
public static class ContainerOptions
{
    /// <summary><c>ContainerCompression</c>: gzip (default), zstd, or uncompressed (also none).</summary>
    public static bool TryParseCompression(string? text, out LayerCompression compression)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "" or "GZIP":
                compression = LayerCompression.Gzip;
                return true;
            case "ZSTD":
                compression = LayerCompression.Zstd;
                return true;
            case "UNCOMPRESSED" or "NONE":
                compression = LayerCompression.None;
                return true;
            default:
                compression = default;
                return false;
        }
    }

    /// <summary><c>ContainerCompressionLevel</c>: empty for the compressor's default, else gzip 0-9 or zstd 1-22.</summary>
    public static bool TryParseCompressionLevel(string? text, LayerCompression compression, out int? level)
    {
        level = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var (min, max) = compression == LayerCompression.Zstd ? (1, 22) : (0, 9);
        level = value;
        return value >= min && value <= max;
    }

    /// <summary><c>ContainerImageFormat</c>: empty for the base image's format, else OCI or Docker (returned in that spelling).</summary>
    public static bool TryParseImageFormat(string? text, out string? format)
    {
        format = text?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "OCI" => "OCI",
            "DOCKER" => "Docker",
            _ => "",
        };
        return format is null || format.Length > 0;
    }

    /// <summary><c>LocalRegistry</c>: empty to detect, else Docker or Podman.</summary>
    public static bool TryParseLocalRegistry(string? text, out string? localRegistry)
    {
        localRegistry = text?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "DOCKER" => "Docker",
            "PODMAN" => "Podman",
            _ => "",
        };
        return localRegistry is null || localRegistry.Length > 0;
    }

    /// <summary><c>ContainerAppCommandInstruction</c>: empty (Entrypoint), Entrypoint, DefaultArgs or None.</summary>
    public static bool TryParseAppCommandInstruction(string? text, out string? instruction)
    {
        instruction = text?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "ENTRYPOINT" => "Entrypoint",
            "DEFAULTARGS" => "DefaultArgs",
            "NONE" => "None",
            _ => "",
        };
        return instruction is null || instruction.Length > 0;
    }

    /// <summary><c>ContainerProgress</c>: auto, plain, tty, rawjson or quiet.</summary>
    public static bool TryParseProgress(string? text, out ProgressMode mode) => ProgressPrinters.TryParse(text, out mode);

    /// <summary>A <c>ContainerPort</c> item: a port number 1-65535 and a type tcp (default) or udp, as <c>8080/tcp</c>.</summary>
    public static bool TryParsePort(string? port, string? type, [NotNullWhen(true)] out string? exposed)
    {
        exposed = null;
        var protocol = string.IsNullOrWhiteSpace(type) ? "tcp" : type.Trim().ToLowerInvariant();
        if (protocol is not ("tcp" or "udp")
            || !int.TryParse(port?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > 65535)
        {
            return false;
        }

        exposed = string.Create(CultureInfo.InvariantCulture, $"{number}/{protocol}");
        return true;
    }

    /// <summary>An environment variable name: a letter or '_' first, then letters, digits and '_'.</summary>
    public static bool IsValidEnvironmentVariableName(string? name) =>
        !string.IsNullOrEmpty(name)
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
