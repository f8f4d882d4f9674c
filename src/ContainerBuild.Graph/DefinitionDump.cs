using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ContainerBuild.Graph;

/// <summary>
/// Prints a Definition for people, as <c>buildctl debug dump-llb</c> does: one JSON object per op
/// (<c>{"Op":...,"Digest":...,"OpMetadata":...}</c>), or a Graphviz digraph. Field names are the
/// proto's, maps print as objects, defaults are left out, enums print by name.
/// </summary>
public static class DefinitionDump
{
    public static IReadOnlyList<string> JsonLines(LlbDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.Ops.Select(op => Line(op, definition.GetMetadata(op.Digest)))];
    }

    /// <summary>A <c>digraph</c>: a node per op labelled with what it does, an edge per input labelled with the output index.</summary>
    public static string Dot(LlbDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var builder = new StringBuilder("digraph {\n");
        foreach (var op in definition.Ops)
        {
            var label = definition.GetCustomName(op.Digest) ?? Describe(op.Op);
            builder.Append(CultureInfo.InvariantCulture, $"  \"{op.Digest}\" [label={Quote(label)} shape=\"{(op.Op.OpCase == Pb.Op.OpOneofCase.Source ? "ellipse" : "box")}\"];\n");
        }

        foreach (var op in definition.Ops)
        {
            foreach (var input in op.Op.Inputs)
            {
                builder.Append(CultureInfo.InvariantCulture, $"  \"{input.Digest}\" -> \"{op.Digest}\" [label=\"{input.Index}\"];\n");
            }
        }

        return builder.Append("}\n").ToString();
    }

    private static string Describe(Pb.Op op) => op.OpCase switch
    {
        Pb.Op.OpOneofCase.Source => op.Source.Identifier,
        Pb.Op.OpOneofCase.Exec => string.Join(' ', op.Exec.Meta?.Args ?? []),
        Pb.Op.OpOneofCase.File => string.Join(", ", op.File.Actions.Select(a => a.ActionCase.ToString().ToLowerInvariant())),
        Pb.Op.OpOneofCase.Merge => "merge",
        Pb.Op.OpOneofCase.Diff => "diff",
        _ => op.Inputs.Count > 0 ? "result" : "unknown",
    };

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();

    private static string Line(LlbOp op, Pb.OpMetadata? metadata)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Op");
            WriteMessage(writer, op.Op);
            writer.WriteString("Digest", op.Digest.ToString());
            writer.WritePropertyName("OpMetadata");
            WriteMessage(writer, metadata ?? new Pb.OpMetadata());
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMessage(Utf8JsonWriter writer, IMessage message)
    {
        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var list = (IList)value;
                if (list.Count == 0)
                {
                    continue;
                }

                writer.WritePropertyName(field.Name);
                if (IsMapEntry(field))
                {
                    writer.WriteStartObject();
                    foreach (IMessage entry in list)
                    {
                        var key = entry.Descriptor.FindFieldByNumber(1);
                        var valueField = entry.Descriptor.FindFieldByNumber(2);
                        writer.WritePropertyName(Convert.ToString(key.Accessor.GetValue(entry), CultureInfo.InvariantCulture) ?? "");
                        WriteValue(writer, valueField, valueField.Accessor.GetValue(entry));
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        WriteValue(writer, field, item);
                    }

                    writer.WriteEndArray();
                }

                continue;
            }

            if (field.HasPresence ? !field.Accessor.HasValue(message) : IsDefault(value))
            {
                continue;
            }

            writer.WritePropertyName(field.Name);
            WriteValue(writer, field, value);
        }

        writer.WriteEndObject();
    }

    private static bool IsMapEntry(FieldDescriptor field) =>
        field.FieldType == FieldType.Message && field.MessageType.Name.EndsWith("MapEntry", StringComparison.Ordinal);

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        ByteString b => b.IsEmpty,
        bool b => !b,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture) == 0,
        IConvertible c => c.ToDecimal(CultureInfo.InvariantCulture) == 0,
        _ => false,
    };

    private static void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case IMessage message:
                WriteMessage(writer, message);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case ByteString bytes:
                writer.WriteStringValue(bytes.ToBase64());
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case Enum e:
                var number = Convert.ToInt32(e, CultureInfo.InvariantCulture);
                var name = field.EnumType.FindValueByNumber(number)?.Name;
                if (name is null)
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(name);
                }

                break;
            case int or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case uint or ulong:
                writer.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
