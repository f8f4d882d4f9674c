using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContainerBuild.DotNet;

/// <summary>
/// <see cref="DotNetImageRecord"/> as JSON, read and written by hand over <see cref="JsonDocument"/> and
/// <see cref="Utf8JsonWriter"/>: the no-op republish reads it in a cold MSBuild process, where every generated
/// serializer method would be one more to compile.
/// </summary>
internal static class DotNetImageRecordJson
{
    private const int Version = 1;

    /// <exception cref="FormatException">Another version's record.</exception>
    /// <exception cref="KeyNotFoundException">A required field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong JSON type.</exception>
    public static DotNetImageRecord Read(JsonElement json)
    {
        if (json.GetProperty("version").GetInt32() != Version)
        {
            throw new FormatException("The fingerprint record has another version.");
        }

        var output = json.GetProperty("output");
        return new DotNetImageRecord
        {
            SettingsKey = Text(json, "settingsKey"),
            FilesKey = Text(json, "filesKey"),
            Root = Descriptor(json.GetProperty("root")),
            ManifestJson = Text(json, "manifestJson"),
            ConfigJson = Text(json, "configJson"),
            IndexJson = OptionalText(json, "indexJson"),
            Manifests = [.. json.GetProperty("manifests").EnumerateArray().Select(m => new RecordedManifest(
                Text(m, "platform"), Descriptor(m.GetProperty("manifest")), Descriptor(m.GetProperty("config")), [.. m.GetProperty("layers").EnumerateArray().Select(Descriptor)]))],
            Names = Texts(json.GetProperty("names")),
            User = OptionalText(json, "user"),
            Ports = Texts(json.GetProperty("ports")),
            Metadata = json.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            StoreRoot = Text(json, "storeRoot"),
            BaseTag = OptionalText(json, "baseTag"),
            BaseDigest = Text(json, "baseDigest"),
            Output = new RecordedOutput
            {
                Pushed = Texts(output.GetProperty("pushed")),
                ArchivePath = OptionalText(output, "archivePath"),
                ArchiveSize = output.GetProperty("archiveSize").GetInt64(),
                ArchiveModifiedTicks = output.GetProperty("archiveModifiedTicks").GetInt64(),
                LoadClient = OptionalText(output, "loadClient"),
            },
        };
    }

    public static byte[] Write(DotNetImageRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("settingsKey", record.SettingsKey);
            json.WriteString("filesKey", record.FilesKey);
            json.WritePropertyName("root");
            Write(json, record.Root);
            json.WriteString("manifestJson", record.ManifestJson);
            json.WriteString("configJson", record.ConfigJson);
            json.WriteString("indexJson", record.IndexJson);
            json.WriteStartArray("manifests");
            foreach (var manifest in record.Manifests)
            {
                json.WriteStartObject();
                json.WriteString("platform", manifest.Platform);
                json.WritePropertyName("manifest");
                Write(json, manifest.Manifest);
                json.WritePropertyName("config");
                Write(json, manifest.Config);
                json.WriteStartArray("layers");
                foreach (var layer in manifest.Layers)
                {
                    Write(json, layer);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Write(json, "names", record.Names);
            json.WriteString("user", record.User);
            Write(json, "ports", record.Ports);
            json.WriteStartObject("metadata");
            foreach (var (key, value) in record.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteString("storeRoot", record.StoreRoot);
            json.WriteString("baseTag", record.BaseTag);
            json.WriteString("baseDigest", record.BaseDigest);
            json.WriteStartObject("output");
            Write(json, "pushed", record.Output.Pushed);
            json.WriteString("archivePath", record.Output.ArchivePath);
            json.WriteNumber("archiveSize", record.Output.ArchiveSize);
            json.WriteNumber("archiveModifiedTicks", record.Output.ArchiveModifiedTicks);
            json.WriteString("loadClient", record.Output.LoadClient);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, RecordedDescriptor descriptor)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest);
        json.WriteNumber("size", descriptor.Size);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static RecordedDescriptor Descriptor(JsonElement json) => new(Text(json, "mediaType"), Text(json, "digest"), json.GetProperty("size").GetInt64());

    private static string Text(JsonElement json, string name) =>
        json.GetProperty(name).GetString() ?? throw new InvalidOperationException($"The fingerprint record's {name} is null.");

    private static string? OptionalText(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string[] Texts(JsonElement json) => [.. json.EnumerateArray().Select(e => e.GetString() ?? "")];
}
