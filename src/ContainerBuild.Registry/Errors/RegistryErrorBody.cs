using System.Text;
using System.Text.Json;

namespace ContainerBuild.Registry;

/// <summary>Reads the distribution spec's error body; anything that is not that JSON yields no errors.</summary>
public static class RegistryErrorBody
{
    /// <summary>Error bodies are small; a registry that sends megabytes of HTML gets cut off here.</summary>
    private const int MaxBytes = 64 * 1024;

    public static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<RegistryError>();
            foreach (var error in errors.EnumerateArray())
            {
                if (error.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                result.Add(new RegistryError(
                    GetString(error, "code") ?? "UNKNOWN",
                    GetString(error, "message") ?? "",
                    error.TryGetProperty("detail", out var detail) && detail.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                        ? detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText()
                        : null));
            }

            return result;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Reads at most 64 KiB of a response body, for error reporting.</summary>
    public static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBytes];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return buffer[..total];
            }
        }
        catch (IOException)
        {
            return [];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>A short, printable excerpt of a body that was not the JSON error format.</summary>
    public static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
