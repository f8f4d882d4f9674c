using System.Text;
using System.Text.Json;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// The exec form of an instruction (<c>["a", "b"]</c>), read as BuildKit does: text that does not start with <c>[</c>
/// or is not valid JSON is the shell form; a valid array with anything but strings is an error; text after the
/// array is ignored (Go's decoder stops at the end of the first value).
/// </summary>
internal static class JsonArgs
{
    public const string NotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

    public enum Outcome
    {
        NotJson,
        Strings,
        NotStrings,
    }

    public static Outcome TryParse(string rest, out List<string> values)
    {
        values = [];
        var text = rest.TrimStart();
        if (!text.StartsWith('['))
        {
            return Outcome.NotJson;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        var onlyStrings = true;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return Outcome.NotJson;
            }

            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndArray:
                        return onlyStrings ? Outcome.Strings : Outcome.NotStrings;
                    case JsonTokenType.String:
                        values.Add(reader.GetString()!);
                        break;
                    case JsonTokenType.StartArray or JsonTokenType.StartObject:
                        onlyStrings = false;
                        reader.Skip();
                        break;
                    default:
                        onlyStrings = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return Outcome.NotJson;
        }
        catch (InvalidOperationException)
        {
            return Outcome.NotJson;
        }

        return Outcome.NotJson;
    }
}
