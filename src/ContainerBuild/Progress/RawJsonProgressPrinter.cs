using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Progress;

/// <summary>
/// <c>--progress=rawjson</c>: each status as one JSON object per line, with the field names, order and omissions of
/// BuildKit's <c>client.SolveStatus</c> encoded by Go (times in RFC 3339 with nanoseconds, bytes in base64).
/// </summary>
public sealed class RawJsonProgressPrinter(TextWriter output) : IProgressPrinter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock gate = new();

    public void Publish(SolveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var line = Format(status);
        lock (gate)
        {
            output.Write(line);
            output.Write('\n');
            output.Flush();
        }
    }

    public void Complete()
    {
        lock (gate)
        {
            output.Flush();
        }
    }

    /// <summary>One status as Go's encoding/json writes it (without the newline).</summary>
    public static string Format(SolveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            WriteArray(json, "vertexes", status.Vertexes, WriteVertex);
            WriteArray(json, "statuses", status.Statuses, WriteStatus);
            WriteArray(json, "logs", status.Logs, WriteLog);
            WriteArray(json, "warnings", status.Warnings, WriteWarning);
            json.WriteEndObject();
        }

        // Go escapes these three for HTML safety; they only ever occur inside strings.
        return Encoding.UTF8.GetString(buffer.ToArray())
            .Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            write(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteVertex(Utf8JsonWriter json, VertexUpdate vertex)
    {
        json.WriteString("digest", vertex.Digest.ToString());
        if (vertex.Inputs.Count > 0)
        {
            json.WriteStartArray("inputs");
            foreach (var input in vertex.Inputs)
            {
                json.WriteStringValue(input.ToString());
            }

            json.WriteEndArray();
        }

        WriteStringIfAny(json, "name", vertex.Name);
        WriteTime(json, "started", vertex.Started);
        WriteTime(json, "completed", vertex.Completed);
        if (vertex.Cached)
        {
            json.WriteBoolean("cached", true);
        }

        WriteStringIfAny(json, "error", vertex.Error);
    }

    private static void WriteStatus(Utf8JsonWriter json, VertexStatus status)
    {
        json.WriteString("id", status.Id);
        json.WriteString("vertex", status.Vertex.ToString());
        WriteStringIfAny(json, "name", status.Name);
        if (status.Total != 0)
        {
            json.WriteNumber("total", status.Total);
        }

        json.WriteNumber("current", status.Current);
        WriteTime(json, "timestamp", status.Timestamp);
        WriteTime(json, "started", status.Started);
        WriteTime(json, "completed", status.Completed);
    }

    private static void WriteLog(Utf8JsonWriter json, VertexLog log)
    {
        json.WriteString("vertex", log.Vertex.ToString());
        if (log.Stream != 0)
        {
            json.WriteNumber("stream", log.Stream);
        }

        json.WriteBase64String("data", log.Data.Span);
        WriteTime(json, "timestamp", log.Timestamp);
    }

    private static void WriteWarning(Utf8JsonWriter json, VertexWarning warning)
    {
        json.WriteString("vertex", warning.Vertex.ToString());
        if (warning.Level != 0)
        {
            json.WriteNumber("level", warning.Level);
        }

        if (warning.Short.Length > 0)
        {
            json.WriteBase64String("short", Encoding.UTF8.GetBytes(warning.Short));
        }

        if (warning.Detail.Count > 0)
        {
            json.WriteStartArray("detail");
            foreach (var line in warning.Detail)
            {
                json.WriteBase64StringValue(Encoding.UTF8.GetBytes(line));
            }

            json.WriteEndArray();
        }

        WriteStringIfAny(json, "url", warning.Url);
    }

    private static void WriteStringIfAny(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, Rfc3339Nano(value));
        }
    }

    // Go's time.RFC3339Nano: trailing zeros of the fraction dropped, 'Z' for UTC.
    internal static string Rfc3339Nano(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = (time.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        if (fraction.Length > 0)
        {
            text += "." + fraction;
        }

        return text + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture));
    }
}
