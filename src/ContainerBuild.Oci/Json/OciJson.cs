using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ContainerBuild.Oci.Json;

/// <summary>
/// The one set of JSON options for OCI documents: source-generated metadata, no indentation, no
/// nulls, empty collections left out (as Go's <c>omitempty</c> does), and only the escaping JSON
/// requires, so '+' in a media type stays '+' and the bytes we write hash the way registries expect.
/// </summary>
internal static class OciJson
{
    // Arrays that the specs require even when empty; every other empty collection is left out.
    private static readonly HashSet<string> AlwaysWritten = new(StringComparer.Ordinal) { "layers", "manifests", "diff_ids" };

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            TypeInfoResolver = OciJsonContext.Default.WithAddedModifier(OmitEmptyCollections),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType == typeof(string)
                || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType)
                || AlwaysWritten.Contains(property.Name))
            {
                continue;
            }

            property.ShouldSerialize = static (_, value) => value switch
            {
                null => false,
                ICollection collection => collection.Count > 0,
                IEnumerable enumerable => enumerable.GetEnumerator().MoveNext(),
                _ => true,
            };
        }
    }
}

[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
