using ContainerBuild.Oci;

namespace ContainerBuild.Tasks.Publishing;

/// <summary>One entry of <c>ContainerPlatforms</c>: the platform and the runtime identifier its app is published for.</summary>
public sealed record ContainerPlatformEntry(Platform Platform, string RuntimeIdentifier);

/// <summary>
/// <c>ContainerPlatforms</c> (<c>linux/amd64;linux/arm64</c>, Docker's spellings and aliases accepted) mapped to .NET
/// runtime identifiers: <c>linux-x64</c>, <c>linux-arm64</c>, or <c>linux-musl-*</c> when the image is musl-based.
/// </summary>
public static class ContainerPlatformList
{
    /// <exception cref="FormatException">An entry names no platform, not a Linux one, or one .NET has no runtime for; the message says which and what is accepted.</exception>
    public static IReadOnlyList<ContainerPlatformEntry> Parse(string text, bool musl)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<ContainerPlatformEntry>();
        foreach (var item in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var platform = Platform.Parse(item);
            if (!string.Equals(platform.OS, "linux", StringComparison.Ordinal))
            {
                throw new FormatException($"'{item}' is not a Linux platform; ContainerBuild builds Linux images (linux/amd64, linux/arm64, linux/arm/v7, ...).");
            }

            if (!platform.TryGetRuntimeIdentifier(musl, out var rid))
            {
                throw new FormatException($"'{item}' has no .NET runtime{(musl ? " for musl" : "")}: .NET runs on linux/amd64, linux/arm64, linux/arm/v7, linux/386, linux/s390x, linux/ppc64le and linux/riscv64.");
            }

            if (entries.Any(e => e.Platform.Matches(platform)))
            {
                continue;
            }

            entries.Add(new ContainerPlatformEntry(platform, rid));
        }

        return entries;
    }
}
