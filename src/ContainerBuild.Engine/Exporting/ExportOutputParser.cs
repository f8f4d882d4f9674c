using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Reads outputs as <c>docker buildx build -o</c> and BuildKit's exporter attributes spell them: a type and a
/// dictionary of attributes (reference buildkit-protocol.md §4.1). Unknown keys and values fail with
/// <see cref="InvalidExportAttributeException"/> naming what is accepted.
/// </summary>
public static class ExportOutputParser
{
    private static readonly string[] CommitKeys =
        ["name", "compression", "compression-level", "force-compression", "oci-mediatypes", "rewrite-timestamp", "buildinfo", "store"];

    private static readonly Dictionary<OutputType, string[]> KeysByType = new()
    {
        [OutputType.Image] = [.. CommitKeys, "push", "push-by-digest", "unpack"],
        [OutputType.Oci] = [.. CommitKeys, "dest", "tar"],
        [OutputType.Docker] = [.. CommitKeys, "dest", "tar", "context", "client"],
        [OutputType.Local] = ["dest", "platform-split"],
        [OutputType.Tar] = ["dest", "platform-split"],
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["oci-artifact"] = "attestations are not produced yet",
        ["attestation-inline"] = "attestations are not produced yet",
        ["prefer-nondist-layers"] = "non-distributable layers keep their media type already",
        ["dangling-name-prefix"] = "there is no local image store to name dangling images in",
        ["danging-name-empty-only"] = "there is no local image store to name dangling images in",
        ["name-canonical"] = "name the digest reference explicitly instead",
        ["buildinfo-attrs"] = "BuildKit removed build info attributes in v0.12",
        ["registry.insecure"] = "list the registry in DOTNET_CONTAINER_INSECURE_REGISTRIES instead",
    };

    /// <summary>
    /// Parses one <c>-o</c> value: comma-separated <c>key=value</c> fields (a field in double quotes may hold commas,
    /// as in <c>"name=a,b"</c>). A value with no <c>=</c> at all is a folder for the local exporter, as buildx reads it.
    /// </summary>
    public static ExportOutput Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (!spec.Contains('=', StringComparison.Ordinal))
        {
            return Parse("local", new Dictionary<string, string>(StringComparer.Ordinal) { ["dest"] = spec });
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in SplitFields(spec))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidExportAttributeException(field, null, $"'{field}' in the output '{spec}' is not a key=value pair.");
            }

            attributes[field[..equals].Trim()] = field[(equals + 1)..];
        }

        if (!attributes.Remove("type", out var type))
        {
            throw new InvalidExportAttributeException("type", null, $"The output '{spec}' names no type: add type=image, registry, oci, docker or local.");
        }

        return Parse(type, attributes);
    }

    /// <summary>Parses an output from its type and attributes (BuildKit's <c>ExportEntry</c>).</summary>
    public static ExportOutput Parse(string type, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(attributes);
        var (outputType, pushByDefault) = type.Trim() switch
        {
            "image" => (OutputType.Image, false),
            "registry" => (OutputType.Image, true),
            "oci" => (OutputType.Oci, false),
            "docker" => (OutputType.Docker, false),
            "local" => (OutputType.Local, false),
            "tar" => (OutputType.Tar, false),
            _ => throw new InvalidExportAttributeException("type", type, $"'{type}' is not an output type: use image, registry, oci, docker or local."),
        };

        var known = KeysByType[outputType];
        var manifest = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var manifestDescriptor = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var index = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var indexDescriptor = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            if (outputType is not (OutputType.Local or OutputType.Tar) && AnnotationTarget(key, manifest, manifestDescriptor, index, indexDescriptor) is { } target)
            {
                target.Builder[target.Name] = value;
                continue;
            }

            if (Unsupported.TryGetValue(key, out var why))
            {
                throw new InvalidExportAttributeException(key, value, $"The output attribute '{key}' is not supported: {why}.");
            }

            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new InvalidExportAttributeException(
                    key, value, $"'{key}' is not an attribute of the {type} output; it takes {string.Join(", ", known)}{(outputType is OutputType.Local or OutputType.Tar ? "" : " and annotation.*")}.");
            }
        }

        var compression = Get(attributes, "compression") is { } c ? ParseCompression(c) : LayerCompression.Gzip;
        var level = Get(attributes, "compression-level") is { } l ? ParseLevel(l, compression) : (int?)null;
        var image = new ImageExportOptions
        {
            Names = Get(attributes, "name") is { } names ? ParseNames(names) : [],
            Push = Get(attributes, "push") is { } push ? ParseBool("push", push, emptyMeans: true) : pushByDefault,
            Compression = compression,
            CompressionLevel = level,
            ForceCompression = Bool(attributes, "force-compression", false),
            OciMediaTypes = Bool(attributes, "oci-mediatypes", outputType != OutputType.Docker),
            RewriteTimestamp = Bool(attributes, "rewrite-timestamp", false),
            BuildInfo = Bool(attributes, "buildinfo", false) ? BuildInfoMode.Minimal : BuildInfoMode.Omit,
            Annotations = new ImageAnnotations
            {
                Manifest = manifest.ToImmutable(),
                ManifestDescriptor = manifestDescriptor.ToImmutable(),
                Index = index.ToImmutable(),
                IndexDescriptor = indexDescriptor.ToImmutable(),
            },
        };
        _ = Bool(attributes, "store", true);
        _ = Bool(attributes, "unpack", false);
        _ = Bool(attributes, "platform-split", true);

        if (!image.Annotations.IsEmpty && !image.OciMediaTypes)
        {
            throw new InvalidExportAttributeException("oci-mediatypes", "false", "Annotations need OCI media types: drop oci-mediatypes=false, or the annotations.");
        }

        var output = new ExportOutput
        {
            Type = outputType,
            Image = image,
            Destination = Get(attributes, "dest") is { Length: > 0 } dest ? dest : null,
            Tar = Bool(attributes, "tar", true),
            PushByDigest = Bool(attributes, "push-by-digest", false),
            LoadClient = Get(attributes, "client") is { Length: > 0 } client ? client : "docker",
            DockerContext = Get(attributes, "context") is { Length: > 0 } context ? context : null,
        };
        return Validate(output, type);
    }

    private static ExportOutput Validate(ExportOutput output, string type)
    {
        switch (output.Type)
        {
            case OutputType.Oci or OutputType.Local or OutputType.Tar when output.Destination is null:
                throw new InvalidExportAttributeException("dest", null, $"The {type} output needs dest=PATH: where to write it.");
            case OutputType.Oci when output.Destination == "-":
            case OutputType.Docker when output.Destination == "-":
                throw new InvalidExportAttributeException("dest", "-", $"The {type} output cannot write to stdout yet: give dest=FILE.");
            case OutputType.Docker when !output.Tar:
                throw new InvalidExportAttributeException("tar", "false", "The docker output is always a tar (docker-archive): drop tar=false, or use type=oci,tar=false for a layout directory.");
            case OutputType.Image when output.Image.Push && output.Image.Names.Count == 0:
                throw new InvalidExportAttributeException("name", null, $"The {type} output pushes, so it needs name=REGISTRY/REPOSITORY[:TAG].");
            default:
                return output;
        }
    }

    private static (ImmutableSortedDictionary<string, string>.Builder Builder, string Name)? AnnotationTarget(
        string key,
        ImmutableSortedDictionary<string, string>.Builder manifest,
        ImmutableSortedDictionary<string, string>.Builder manifestDescriptor,
        ImmutableSortedDictionary<string, string>.Builder index,
        ImmutableSortedDictionary<string, string>.Builder indexDescriptor)
    {
        if (!key.StartsWith("annotation", StringComparison.Ordinal))
        {
            return null;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var kind = dot < 0 ? key : key[..dot];
        var name = dot < 0 ? "" : key[(dot + 1)..];
        if (kind.Contains('[', StringComparison.Ordinal))
        {
            throw new InvalidExportAttributeException(key, null, $"'{key}': annotations for one platform (annotation[PLATFORM].KEY) are not supported yet; annotate every manifest with annotation.KEY.");
        }

        var builder = kind switch
        {
            "annotation" or "annotation-manifest" => manifest,
            "annotation-manifest-descriptor" => manifestDescriptor,
            "annotation-index" => index,
            "annotation-index-descriptor" => indexDescriptor,
            _ => throw new InvalidExportAttributeException(key, null, $"'{kind}' is not an annotation type: use annotation, annotation-manifest, annotation-manifest-descriptor, annotation-index or annotation-index-descriptor."),
        };
        return name.Length == 0
            ? throw new InvalidExportAttributeException(key, null, $"'{key}' names no annotation key: write {kind}.KEY=VALUE.")
            : (builder, name);
    }

    private static string? Get(IReadOnlyDictionary<string, string> attributes, string key) => attributes.TryGetValue(key, out var value) ? value : null;

    private static bool Bool(IReadOnlyDictionary<string, string> attributes, string key, bool fallback) =>
        Get(attributes, key) is { } value ? ParseBool(key, value, emptyMeans: true) : fallback;

    // Go's strconv.ParseBool, which BuildKit uses, plus an empty value meaning true as BuildKit's push does.
    private static bool ParseBool(string key, string value, bool emptyMeans) => value switch
    {
        "" => emptyMeans,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new InvalidExportAttributeException(key, value, $"'{value}' is not a value of '{key}': use true or false."),
    };

    private static LayerCompression ParseCompression(string value) => value switch
    {
        "gzip" => LayerCompression.Gzip,
        "zstd" => LayerCompression.Zstd,
        "uncompressed" => LayerCompression.None,
        "estargz" => throw new InvalidExportAttributeException("compression", value, "The compression 'estargz' is not supported: use gzip, zstd or uncompressed."),
        _ => throw new InvalidExportAttributeException("compression", value, $"'{value}' is not a compression: use gzip, zstd or uncompressed."),
    };

    private static int? ParseLevel(string value, LayerCompression compression)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
        {
            throw new InvalidExportAttributeException("compression-level", value, $"'{value}' is not a compression level: give a whole number (gzip 1-9, zstd 1-22).");
        }

        if (compression == LayerCompression.None)
        {
            return null;
        }

        try
        {
            _ = new LayerWriterOptions { Compression = compression, CompressionLevel = level }.EffectiveCompressionLevel;
            return level;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidExportAttributeException("compression-level", value, $"The compression level {level} does not suit {compression.ToString().ToLowerInvariant()}: {e.Message.Split(Environment.NewLine)[0]}", e);
        }
    }

    private static ImmutableArray<ImageReference> ParseNames(string value)
    {
        var names = ImmutableArray.CreateBuilder<ImageReference>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ImageReference.TryParse(name, out var parsed))
            {
                throw new InvalidExportAttributeException("name", name, $"'{name}' is not an image name: write REGISTRY/REPOSITORY[:TAG], such as 127.0.0.1:5000/app:1.0.");
            }

            names.Add(parsed);
        }

        return names.ToImmutable();
    }

    // CSV as Go's encoding/csv reads one record (buildx parses -o with it): quotes group, "" is a quote.
    private static List<string> SplitFields(string spec)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < spec.Length; i++)
        {
            var ch = spec[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < spec.Length && spec[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted)
        {
            throw new InvalidExportAttributeException("", spec, $"The output '{spec}' has an unclosed quote.");
        }

        fields.Add(current.ToString());
        return [.. fields.Where(f => f.Length > 0)];
    }
}
