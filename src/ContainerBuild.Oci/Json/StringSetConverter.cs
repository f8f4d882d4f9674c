using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Oci.Json;

/// <summary>
/// A set written as Docker writes <c>ExposedPorts</c> and <c>Volumes</c>: a JSON object whose keys
/// are the members and whose values are empty objects. Read as a list, written in ordinal order.
/// </summary>
public sealed class StringSetConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object whose keys are the members and whose values are {}.");
        }

        var members = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
            {
                throw new JsonException($"The value of '{key}' must be an empty JSON object.");
            }

            reader.Skip();
            if (!members.Contains(key, StringComparer.Ordinal))
            {
                members.Add(key);
            }
        }

        return members;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var member in value.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(member);
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
