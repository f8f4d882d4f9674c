using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContainerBuild.Build;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// <c>--metadata-file</c> as buildx writes it: one JSON object, keys sorted, indented by two spaces; values that are JSON
/// documents (<c>containerimage.descriptor</c>) written as objects, the rest as strings.
/// </summary>
public static class BuildMetadataFile
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(key);
                if (IsDocument(key))
                {
                    using var document = JsonDocument.Parse(value);
                    document.WriteTo(json);
                }
                else
                {
                    json.WriteStringValue(value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static Task WriteAsync(string path, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, Format(metadata), cancellationToken);

    /// <summary>The image ID as buildx prints it for <c>--quiet</c> and writes to <c>--iidfile</c>: the config's digest for one platform, else the root's.</summary>
    public static string ImageId(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue(BuildMetadataKeys.ConfigDigest, out var config) ? config : metadata[BuildMetadataKeys.ImageDigest];
    }

    private static bool IsDocument(string key) => key == BuildMetadataKeys.ImageDescriptor;
}
