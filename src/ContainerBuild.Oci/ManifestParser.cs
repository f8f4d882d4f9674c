using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>
/// Reads manifests, indexes and image configs from the bytes a registry or layout holds, and
/// validates them. Every problem, garbage included, comes out as an <see cref="InvalidManifestException"/>
/// that says what is wrong and in which field.
/// </summary>
public static class ManifestParser
{
    private const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    private const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    // Content types that say nothing about the document, so its mediaType field (or its shape) decides.
    private static readonly HashSet<string> GenericContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/octet-stream", "text/plain", "*/*", "binary/octet-stream",
    };

    /// <summary>
    /// Parses a manifest or an index. The kind comes from <paramref name="contentType"/> (the
    /// response's Content-Type, parameters allowed) or, when that is missing or generic such as
    /// <c>application/json</c>, from the document's <c>mediaType</c> field, or else from its shape.
    /// </summary>
    /// <exception cref="InvalidManifestException">The bytes are not a valid manifest or index.</exception>
    public static ManifestDocument Parse(ReadOnlySpan<byte> json, string? contentType = null)
    {
        using var document = ParseJson(json, "manifest");
        var mediaType = ResolveMediaType(document.RootElement, contentType);
        return mediaType.IsIndex
            ? ReadIndex(json, document.RootElement, mediaType)
            : ReadManifest(json, document.RootElement, mediaType);
    }

    /// <summary>Parses an image manifest (OCI or Docker schema 2); an index is an error that says so.</summary>
    /// <exception cref="InvalidManifestException">The bytes are not a valid image manifest.</exception>
    public static ImageManifest ParseManifest(ReadOnlySpan<byte> json, string? contentType = null)
    {
        using var document = ParseJson(json, "manifest");
        var mediaType = ResolveMediaType(document.RootElement, contentType);
        if (mediaType.IsIndex)
        {
            throw new InvalidManifestException(
                $"Expected an image manifest but got an index ({mediaType}), which lists manifests per platform: pick one with ImageIndex.FindManifest.",
                "mediaType",
                mediaType);
        }

        return ReadManifest(json, document.RootElement, mediaType);
    }

    /// <summary>Parses an image index (OCI) or manifest list (Docker); a single manifest is an error that says so.</summary>
    /// <exception cref="InvalidManifestException">The bytes are not a valid index.</exception>
    public static ImageIndex ParseIndex(ReadOnlySpan<byte> json, string? contentType = null)
    {
        using var document = ParseJson(json, "index");
        var mediaType = ResolveMediaType(document.RootElement, contentType);
        if (!mediaType.IsIndex)
        {
            throw new InvalidManifestException($"Expected an image index but got a single image manifest ({mediaType}).", "mediaType", mediaType);
        }

        return ReadIndex(json, document.RootElement, mediaType);
    }

    /// <summary>Parses an image config (OCI or Docker; both have the same shape).</summary>
    /// <exception cref="InvalidManifestException">The bytes are not a valid image config.</exception>
    public static ImageConfig ParseConfig(ReadOnlySpan<byte> json)
    {
        const string What = "image config";
        using var document = ParseJson(json, What);
        var root = document.RootElement;
        RequireString(root, "architecture", "", What);
        RequireString(root, "os", "", What);
        var rootfs = Require(root, "rootfs", "", What, JsonValueKind.Object);
        RequireString(rootfs, "type", "rootfs", What);
        var diffIds = Require(rootfs, "diff_ids", "rootfs", What, JsonValueKind.Array);
        var index = 0;
        foreach (var diffId in diffIds.EnumerateArray())
        {
            CheckDigest(diffId, $"rootfs.diff_ids[{index++}]", What);
        }

        return Deserialize(json, OciJson.TypeInfo<ImageConfig>(), What, null);
    }

    private static ImageManifest ReadManifest(ReadOnlySpan<byte> json, JsonElement root, MediaType mediaType)
    {
        var what = mediaType == MediaType.DockerManifest ? "Docker manifest" : "manifest";
        CheckDescriptor(Require(root, "config", "", what, JsonValueKind.Object, mediaType), "config", what, mediaType);
        var index = 0;
        foreach (var layer in Require(root, "layers", "", what, JsonValueKind.Array, mediaType).EnumerateArray())
        {
            CheckDescriptor(layer, $"layers[{index++}]", what, mediaType);
        }

        CheckCommon(root, what, mediaType);
        var manifest = Deserialize(json, OciJson.TypeInfo<ImageManifest>(), what, mediaType) with { MediaType = mediaType };
        CheckEmbeddedData([manifest.Config, .. manifest.Layers], what, mediaType);
        return manifest;
    }

    private static ImageIndex ReadIndex(ReadOnlySpan<byte> json, JsonElement root, MediaType mediaType)
    {
        var what = mediaType == MediaType.DockerManifestList ? "manifest list" : "index";
        var index = 0;
        foreach (var manifest in Require(root, "manifests", "", what, JsonValueKind.Array, mediaType).EnumerateArray())
        {
            var field = $"manifests[{index++}]";
            CheckDescriptor(manifest, field, what, mediaType);
            if (manifest.TryGetProperty("platform", out var platform) && platform.ValueKind != JsonValueKind.Null)
            {
                if (platform.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(what, $"{field}.platform", "must be an object with 'architecture' and 'os'", mediaType);
                }

                RequireString(platform, "architecture", $"{field}.platform", what, mediaType);
                RequireString(platform, "os", $"{field}.platform", what, mediaType);
            }
        }

        CheckCommon(root, what, mediaType);
        var result = Deserialize(json, OciJson.TypeInfo<ImageIndex>(), what, mediaType) with { MediaType = mediaType };
        CheckEmbeddedData(result.Manifests, what, mediaType);
        return result;
    }

    private static void CheckCommon(JsonElement root, string what, MediaType mediaType)
    {
        if (root.TryGetProperty("subject", out var subject) && subject.ValueKind != JsonValueKind.Null)
        {
            CheckDescriptor(subject, "subject", what, mediaType);
        }

        if (root.TryGetProperty("artifactType", out var artifactType) && artifactType.ValueKind != JsonValueKind.Null
            && (artifactType.ValueKind != JsonValueKind.String || !IsWellFormedMediaType(artifactType.GetString()!)))
        {
            throw Invalid(what, "artifactType", $"is {Show(artifactType)}, which is not a media type (type/subtype)", mediaType);
        }
    }

    private static JsonDocument ParseJson(ReadOnlySpan<byte> json, string what)
    {
        if (json.IsEmpty)
        {
            throw new InvalidManifestException($"The {what} is empty (0 bytes).", field: null);
        }

        // JsonDocument accepts invalid UTF-8 inside strings and fails later when they are read, so check first.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new InvalidManifestException($"The {what} is not valid UTF-8 (a bad byte at offset {FirstInvalidUtf8(json)}).", field: null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InvalidManifestException($"The {what} is not valid JSON ({json.Length} bytes): {e.Message}", null, null, e);
        }

        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new InvalidManifestException($"The {what} must be a JSON object, not {Describe(kind)}.", field: null);
        }

        return document;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : read;
    }

    private static MediaType ResolveMediaType(JsonElement root, string? contentType)
    {
        if (!root.TryGetProperty("schemaVersion", out var schemaVersion))
        {
            throw Invalid("manifest", "schemaVersion", "is missing (it must be 2)", null);
        }

        if (schemaVersion.ValueKind != JsonValueKind.Number || !schemaVersion.TryGetInt32(out var version) || version != 2)
        {
            throw schemaVersion.ValueKind == JsonValueKind.Number && schemaVersion.TryGetInt32(out var one) && one == 1
                ? Invalid("manifest", "schemaVersion", "is 1: Docker's image manifest schema 1 is deprecated and not supported (expected 2)", null)
                : Invalid("manifest", "schemaVersion", $"is {Show(schemaVersion)}; it must be 2", null);
        }

        string? declared = null;
        if (root.TryGetProperty("mediaType", out var field) && field.ValueKind != JsonValueKind.Null)
        {
            declared = field.ValueKind == JsonValueKind.String
                ? field.GetString()
                : throw Invalid("manifest", "mediaType", $"is {Show(field)}; it must be a string", null);
        }

        var header = SpecificContentType(contentType);
        if (header is not null && declared is not null && !string.Equals(header, declared, StringComparison.Ordinal))
        {
            throw Invalid("manifest", "mediaType", $"is '{declared}' but the Content-Type says '{header}'", null);
        }

        var resolved = header ?? declared;
        if (resolved is null)
        {
            resolved = root.TryGetProperty("manifests", out _) ? MediaType.OciIndex.Value
                : root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _) ? MediaType.OciManifest.Value
                : throw new InvalidManifestException(
                    "The document has no mediaType, no specific Content-Type, and neither 'config' nor 'manifests': it is not a manifest or an index.",
                    "mediaType");
        }

        var mediaType = new MediaType(resolved);
        if (mediaType.IsManifest || mediaType.IsIndex)
        {
            return mediaType;
        }

        throw resolved is DockerSchema1 or DockerSchema1Signed
            ? new InvalidManifestException($"'{resolved}' is Docker's image manifest schema 1, which is deprecated and not supported.", "mediaType", mediaType)
            : new InvalidManifestException(
                $"'{resolved}' is not a manifest media type: expected {MediaType.OciManifest}, {MediaType.OciIndex}, "
                + $"{MediaType.DockerManifest} or {MediaType.DockerManifestList}.",
                "mediaType",
                mediaType);
    }

    private static string? SpecificContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return bare.Length == 0 || GenericContentTypes.Contains(bare) ? null : bare;
    }

    private static void CheckDescriptor(JsonElement descriptor, string field, string what, MediaType? mediaType)
    {
        if (descriptor.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(what, field, $"is {Describe(descriptor.ValueKind)}; a descriptor must be an object with mediaType, digest and size", mediaType);
        }

        var type = RequireString(descriptor, "mediaType", field, what, mediaType);
        if (!IsWellFormedMediaType(type))
        {
            throw Invalid(what, $"{field}.mediaType", $"is '{type}', which is not a media type (type/subtype)", mediaType);
        }

        CheckDigest(Require(descriptor, "digest", field, what, JsonValueKind.String, mediaType), $"{field}.digest", what, mediaType);
        var size = Require(descriptor, "size", field, what, JsonValueKind.Number, mediaType);
        if (!size.TryGetInt64(out var bytes))
        {
            throw Invalid(what, $"{field}.size", $"is {Show(size)}; it must be a whole number of bytes", mediaType);
        }

        if (bytes < 0)
        {
            throw Invalid(what, $"{field}.size", $"is {bytes}; a size cannot be negative", mediaType);
        }
    }

    private static void CheckDigest(JsonElement digest, string field, string what, MediaType? mediaType = null)
    {
        if (digest.ValueKind != JsonValueKind.String)
        {
            throw Invalid(what, field, $"is {Show(digest)}; a digest must be a string such as 'sha256:<64 hex digits>'", mediaType);
        }

        try
        {
            Digest.Parse(digest.GetString()!);
        }
        catch (FormatException e)
        {
            throw new InvalidManifestException($"The {what}'s {field} is not a valid digest: {e.Message}", field, mediaType, e);
        }
    }

    private static void CheckEmbeddedData(IEnumerable<Descriptor> descriptors, string what, MediaType mediaType)
    {
        foreach (var descriptor in descriptors)
        {
            if (descriptor.Data is { } data && (data.Length != descriptor.Size || Digest.Compute(data) != descriptor.Digest))
            {
                throw new InvalidManifestException(
                    $"The {what} embeds data for {descriptor.Digest} that does not match its digest and size ({descriptor.Size} bytes).",
                    "data",
                    mediaType);
            }
        }
    }

    private static JsonElement Require(JsonElement parent, string name, string path, string what, JsonValueKind kind, MediaType? mediaType = null)
    {
        var field = path.Length == 0 ? name : $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Invalid(what, field, "is missing (it is required)", mediaType);
        }

        if (value.ValueKind != kind)
        {
            throw Invalid(what, field, $"is {Describe(value.ValueKind)}; it must be {Describe(kind)}", mediaType);
        }

        return value;
    }

    private static string RequireString(JsonElement parent, string name, string path, string what, MediaType? mediaType = null) =>
        Require(parent, name, path, what, JsonValueKind.String, mediaType).GetString()!;

    private static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string what, MediaType? mediaType)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new InvalidManifestException($"The {what} is JSON null.", null, mediaType);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : e.Path;
            throw new InvalidManifestException(
                $"The {what} has an invalid value{(field is null ? "" : $" at '{field}'")}: {e.Message}", field, mediaType, e);
        }
    }

    private static InvalidManifestException Invalid(string what, string field, string problem, MediaType? mediaType) =>
        new($"The {what}'s '{field}' {problem}.", field, mediaType);

    // RFC 6838: restricted names of 1-127 characters on both sides of the '/', parameters not allowed.
    internal static bool IsWellFormedMediaType(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IsRestrictedName(value.AsSpan(0, slash)) && IsRestrictedName(value.AsSpan(slash + 1));

        static bool IsRestrictedName(ReadOnlySpan<char> name)
        {
            if (name.Length is 0 or > 127 || !char.IsAsciiLetterOrDigit(name[0]))
            {
                return false;
            }

            foreach (var c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('!' or '#' or '$' or '&' or '-' or '^' or '_' or '.' or '+'))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 80 ? text[..80] + "..." : text;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
