using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// The <c>--name[=value]</c> flags an instruction accepts, read as BuildKit's BFlags does: unknown and repeated flags
/// are errors (except repeatable ones), a string flag needs a value, a bool flag takes none or true/false.
/// </summary>
internal sealed class BuilderFlags
{
    private readonly Dictionary<string, FlagKind> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public enum FlagKind
    {
        String,
        Bool,
        Strings,
    }

    public BuilderFlags Add(string name, FlagKind kind)
    {
        _known.Add(name, kind);
        return this;
    }

    /// <summary>Reads <paramref name="flags"/> against the known ones.</summary>
    public BuilderFlags Parse(IReadOnlyList<string> flags, SourceRange location)
    {
        foreach (var flag in flags)
        {
            if (!flag.StartsWith("--", StringComparison.Ordinal))
            {
                throw new DockerfileParseException(location, $"arg should start with -- : {flag}");
            }

            var body = flag[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            var value = equals < 0 ? string.Empty : body[(equals + 1)..];
            if (!_known.TryGetValue(name, out var kind))
            {
                throw new DockerfileParseException(location, $"unknown flag: {name}" + Suggest.DidYouMean(name, _known.Keys));
            }

            if (_values.ContainsKey(name) && kind != FlagKind.Strings)
            {
                throw new DockerfileParseException(location, $"duplicate flag specified: {name}");
            }

            switch (kind)
            {
                case FlagKind.Bool:
                    if (equals >= 0 && value.Length == 0)
                    {
                        throw new DockerfileParseException(location, $"missing a value on flag: {name}");
                    }

                    value = value.ToLowerInvariant() switch
                    {
                        "" or "true" => "true",
                        "false" => "false",
                        _ => throw new DockerfileParseException(location, $"expecting boolean value for flag {name}, not: {value}"),
                    };
                    break;
                default:
                    if (equals < 0)
                    {
                        throw new DockerfileParseException(location, $"missing a value on flag: {name}");
                    }

                    break;
            }

            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
            }

            list.Add(value);
        }

        return this;
    }

    /// <summary>A string flag's value, or null when it was not given.</summary>
    public string? String(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>A bool flag's value, or null when it was not given.</summary>
    public bool? Bool(string name) => _values.TryGetValue(name, out var list) ? list[^1] == "true" : null;

    /// <summary>A repeatable flag's values in order.</summary>
    public IReadOnlyList<string> Strings(string name) => _values.TryGetValue(name, out var list) ? list : [];
}
