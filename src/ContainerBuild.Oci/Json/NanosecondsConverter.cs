using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Oci.Json;

/// <summary>A duration as Go's <c>time.Duration</c> writes it: an integer count of nanoseconds (kept to 100 ns ticks).</summary>
public sealed class NanosecondsConverter : JsonConverter<TimeSpan>
{
    private const long NanosecondsPerTick = 100;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var nanoseconds)
            ? TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick)
            : throw new JsonException("A duration must be an integer number of nanoseconds.");

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Ticks * NanosecondsPerTick);
    }
}
