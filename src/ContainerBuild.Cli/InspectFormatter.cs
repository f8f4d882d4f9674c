using System.Globalization;
using System.Text;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli;

/// <summary>The two printed forms of an inspection: buildx's human summary, and one JSON document.</summary>
internal static class InspectFormatter
{
    public static string Summary(InspectResult result)
    {
        var text = new StringBuilder();
        Line(text, "", "Name:", result.Reference.ToString());
        Line(text, "", "MediaType:", result.Descriptor.MediaType.ToString());
        Line(text, "", "Digest:", result.Descriptor.Digest.ToString());
        if (result.Index is null)
        {
            return text.ToString();
        }

        text.Append('\n').Append("Manifests:\n");
        var first = true;
        foreach (var manifest in result.Manifests)
        {
            if (!first)
            {
                text.Append('\n');
            }

            first = false;
            Line(text, "  ", "Name:", $"{result.Reference.WithoutTagOrDigest()}@{manifest.Descriptor.Digest}");
            Line(text, "  ", "MediaType:", manifest.Descriptor.MediaType.ToString());
            if (manifest.Platform is { } platform)
            {
                Line(text, "  ", "Platform:", platform.ToString());
            }

            foreach (var (key, value) in manifest.Descriptor.Annotations ?? new Dictionary<string, string>())
            {
                Line(text, "  ", "Annotation:", $"{key}={value}");
            }
        }

        return text.ToString();
    }

    /// <summary><c>{"name", "digest", "mediaType", "manifest", "manifests"?, "image"}</c>: the documents as the registry holds them.</summary>
    public static string Json(InspectResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("name", result.Reference.ToString());
            json.WriteString("digest", result.Descriptor.Digest.ToString());
            json.WriteString("mediaType", result.Descriptor.MediaType.ToString());
            json.WritePropertyName("manifest");
            json.WriteRawValue(Trim(result.Raw.Bytes.Span));
            if (result.Index is null)
            {
                var only = result.Manifests[0];
                if (!only.ConfigBytes.IsEmpty)
                {
                    json.WritePropertyName("image");
                    json.WriteRawValue(Trim(only.ConfigBytes.Span));
                }
            }
            else
            {
                var keys = result.Manifests.Select(m => m.Platform?.ToString() ?? m.Descriptor.Digest.ToString()).ToList();
                var unique = keys.Select((k, i) => keys.IndexOf(k) == i ? k : $"{k}@{result.Manifests[i].Descriptor.Digest}").ToList();
                json.WriteStartObject("manifests");
                for (var i = 0; i < result.Manifests.Count; i++)
                {
                    if (!result.Manifests[i].ManifestBytes.IsEmpty)
                    {
                        json.WritePropertyName(unique[i]);
                        json.WriteRawValue(Trim(result.Manifests[i].ManifestBytes.Span));
                    }
                }

                json.WriteEndObject();
                json.WriteStartObject("image");
                for (var i = 0; i < result.Manifests.Count; i++)
                {
                    if (!result.Manifests[i].ConfigBytes.IsEmpty)
                    {
                        json.WritePropertyName(unique[i]);
                        json.WriteRawValue(Trim(result.Manifests[i].ConfigBytes.Span));
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // A registry's document may end with a newline; inside another document it would only break the layout.
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> json) => json.TrimEnd("\r\n \t"u8);

    private static void Line(StringBuilder text, string indent, string label, string value) =>
        text.Append(indent).Append(label.PadRight(11)).Append(value).Append('\n');
}
