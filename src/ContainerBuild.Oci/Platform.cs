using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Oci;

/// <summary>
/// An OCI platform: operating system, architecture and optional variant.
/// </summary>
/// <remarks>
/// The variant rule, one for parsing and matching: a missing variant stands for the architecture's
/// default variant (arm → v7, arm64 → v8, amd64 → v1). <see cref="Parse"/> fills in arm's v7 (as
/// containerd does) and otherwise keeps the variant as written, so <c>linux/arm64</c> stays without
/// a variant and <c>linux/arm64/v8</c> keeps v8; <see cref="Matches"/> treats the two as the same
/// platform. <see cref="Equals(Platform?)"/> is exact: it compares the fields as they are.
/// </remarks>
public sealed partial record Platform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>Fields this model does not know (such as Docker's old <c>features</c>), kept for round trips; they take no part in equality.</summary>
    // Settable: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The variant this platform means: <see cref="Variant"/>, or the architecture's default when it has none.</summary>
    [JsonIgnore]
    public string? EffectiveVariant => string.IsNullOrEmpty(Variant) ? DefaultVariant(Architecture) : Variant;

    /// <summary>
    /// Whether both name the same platform once spelling and default variants are accounted for:
    /// <c>linux/arm64</c> matches <c>linux/arm64/v8</c>, <c>linux/arm</c> matches <c>linux/arm/v7</c>,
    /// <c>linux/x86_64</c> matches <c>linux/amd64</c>. OS version and features are not compared.
    /// </summary>
    public bool Matches(Platform other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var left = Canonical(this);
        var right = Canonical(other);
        return string.Equals(left.OS, right.OS, StringComparison.Ordinal)
            && string.Equals(left.Architecture, right.Architecture, StringComparison.Ordinal)
            && string.Equals(left.EffectiveVariant, right.EffectiveVariant, StringComparison.Ordinal);
    }

    /// <summary>
    /// How well an image built for <paramref name="candidate"/> suits this platform: 0 when it cannot
    /// run here; higher is better: the same fields exactly, then a matching variant, then (arm only)
    /// an older variant that this CPU also runs (v7 runs v6 and v5), the newest first.
    /// </summary>
    public int CompatibilityScore(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (string.Equals(OS, candidate.OS, StringComparison.Ordinal)
            && string.Equals(Architecture, candidate.Architecture, StringComparison.Ordinal)
            && string.Equals(Variant ?? "", candidate.Variant ?? "", StringComparison.Ordinal))
        {
            return 1000;
        }

        if (Matches(candidate))
        {
            return 900;
        }

        var wanted = Canonical(this);
        var offered = Canonical(candidate);
        if (string.Equals(wanted.OS, offered.OS, StringComparison.Ordinal)
            && wanted.Architecture == "arm"
            && offered.Architecture == "arm"
            && ArmLevel(offered.EffectiveVariant) is var level and > 0
            && level < ArmLevel(wanted.EffectiveVariant))
        {
            return 800 + level;
        }

        return 0;
    }

    /// <summary>
    /// The canonical spelling: lower case, aliases resolved (x86_64 → amd64, aarch64 → arm64, ...),
    /// <c>8</c> → <c>v8</c>, arm's missing variant → v7. Names this tool does not know are kept, lower-cased.
    /// </summary>
    public Platform Normalize() => Canonical(this);

    /// <summary><c>os/arch[/variant]</c>, as Docker prints it.</summary>
    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    public bool Equals(Platform? other) =>
        other is not null
        && string.Equals(Architecture, other.Architecture, StringComparison.Ordinal)
        && string.Equals(OS, other.OS, StringComparison.Ordinal)
        && string.Equals(OSVersion, other.OSVersion, StringComparison.Ordinal)
        && string.Equals(Variant, other.Variant, StringComparison.Ordinal)
        && Descriptor.Equal(OSFeatures, other.OSFeatures);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(Architecture ?? ""),
        StringComparer.Ordinal.GetHashCode(OS ?? ""),
        StringComparer.Ordinal.GetHashCode(Variant ?? ""));

    private static string? DefaultVariant(string? architecture) => architecture switch
    {
        "arm" => "v7",
        "arm64" => "v8",
        "amd64" => "v1",
        _ => null,
    };

    private static int ArmLevel(string? variant) => variant switch
    {
        "v5" => 5,
        "v6" => 6,
        "v7" => 7,
        "v8" => 8,
        _ => 0,
    };
}
