using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Syntax;
using ContainerBuild.Graph;

namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// One <c>RUN --mount=type=...,key=value,...</c> (BuildKit's instructions.Mount). The parser reads it without expansion:
/// values holding a <c>$</c> stay raw in the string options and leave typed options null until <see cref="Expand"/>
/// re-reads <see cref="Text"/> with the stage's variables (BuildKit expands every value but <c>from</c>).
/// </summary>
public sealed record MountSpec
{
    /// <summary>The flag's value as written (<c>type=cache,target=/root/.nuget</c>).</summary>
    public required string Text { get; init; }

    public MountType Type { get; init; } = MountType.Bind;

    /// <summary><c>target</c>, <c>dst</c>, <c>destination</c> or <c>dest</c>.</summary>
    public string? Target { get; init; }

    /// <summary><c>source</c> or <c>src</c>: a path in <see cref="From"/> (bind, cache) or the secret's id.</summary>
    public string? Source { get; init; }

    /// <summary>A stage or image to mount from (bind, cache); never expanded.</summary>
    public string? From { get; init; }

    /// <summary>
    /// <c>ro</c>/<c>readonly</c>/<c>rw</c>/<c>readwrite</c>; when none is given, cache and tmpfs mounts are writable and
    /// the others read-only.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>The cache id, secret id or ssh id.</summary>
    public string? Id { get; init; }

    /// <summary>How concurrent builds share a cache mount; null when not given (shared).</summary>
    public CacheSharing? Sharing { get; init; }

    /// <summary>A secret or ssh mount fails the build when the host does not provide it.</summary>
    public bool Required { get; init; }

    /// <summary>A tmpfs mount's size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>The file mode of a secret, ssh socket or cache directory (octal when written).</summary>
    public uint? Mode { get; init; }

    public uint? Uid { get; init; }

    public uint? Gid { get; init; }

    /// <summary>A secret mount's environment variable to expose the secret in.</summary>
    public string? Env { get; init; }

    /// <summary>This mount with every value expanded by <paramref name="expandWord"/>, validated again.</summary>
    public MountSpec Expand(Func<string, string> expandWord, SourceRange location)
    {
        ArgumentNullException.ThrowIfNull(expandWord);
        return Parse(Text, expandWord, location);
    }

    /// <summary>Reads a <c>--mount</c> value; without an expander, values that hold a variable are left for later.</summary>
    public static MountSpec Parse(string text, Func<string, string>? expandWord, SourceRange location)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = ReadFields(text, location);
        var type = MountType.Bind;
        var typeDeferred = false;
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0 && string.Equals(field[..equals], "type", StringComparison.OrdinalIgnoreCase))
            {
                var value = field[(equals + 1)..];
                if (expandWord is null && value.Contains('$', StringComparison.Ordinal))
                {
                    typeDeferred = true;
                    continue;
                }

                type = ParseType(expandWord is null ? value : expandWord(value), location);
            }
        }

        var mount = new MountSpec { Text = text, Type = type };
        bool? readOnly = null;
        var sharingGiven = false;
        var targetGiven = false;
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            if (equals < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        readOnly = true;
                        continue;
                    case "readwrite" or "rw":
                        readOnly = false;
                        continue;
                    case "required" when type is MountType.Secret or MountType.Ssh || typeDeferred:
                        mount = mount with { Required = true };
                        continue;
                    case "required":
                        throw Error(location, $"unexpected key 'required' for mount type '{TypeName(type)}'");
                    default:
                        throw Error(location, $"invalid field '{field}' must be a key=value pair");
                }
            }

            var raw = field[(equals + 1)..];
            if (key == "from" && raw.Length > 1 && raw.AsSpan(0, raw.Length - 1).Contains('$'))
            {
                throw Error(location, "'from' doesn't support variable expansion, define alias stage instead");
            }

            var deferred = expandWord is null && HasVariable(raw);
            var value = expandWord is null || key == "from" ? raw : expandWord(raw);
            switch (key)
            {
                case "type":
                    break;
                case "from":
                    mount = mount with { From = value };
                    break;
                case "source" or "src":
                    mount = mount with { Source = value };
                    break;
                case "target" or "dst" or "destination" or "dest":
                    targetGiven = true;
                    mount = mount with { Target = value };
                    break;
                case "id":
                    mount = mount with { Id = value };
                    break;
                case "env":
                    mount = mount with { Env = value };
                    break;
                case "readonly" or "ro":
                    readOnly = deferred ? readOnly : ParseBool(key, value, location);
                    break;
                case "readwrite" or "rw":
                    readOnly = deferred ? readOnly : !ParseBool(key, value, location);
                    break;
                case "required":
                    if (type is not (MountType.Secret or MountType.Ssh) && !typeDeferred)
                    {
                        throw Error(location, $"unexpected key 'required' for mount type '{TypeName(type)}'");
                    }

                    mount = deferred ? mount : mount with { Required = ParseBool(key, value, location) };
                    break;
                case "sharing":
                    sharingGiven = true;
                    mount = deferred ? mount : mount with { Sharing = ParseSharing(value, location) };
                    break;
                case "size":
                    if (type != MountType.Tmpfs && !typeDeferred)
                    {
                        throw Error(location, $"unexpected key 'size' for mount type '{TypeName(type)}'");
                    }

                    mount = deferred ? mount : mount with { Size = ByteSize.Parse(value) ?? throw Error(location, $"invalid value {value} for size") };
                    break;
                case "mode":
                    mount = deferred ? mount : mount with { Mode = ParseUInt(key, value, 8, location) };
                    break;
                case "uid":
                    mount = deferred ? mount : mount with { Uid = ParseUInt(key, value, 10, location) };
                    break;
                case "gid":
                    mount = deferred ? mount : mount with { Gid = ParseUInt(key, value, 10, location) };
                    break;
                default:
                    throw Error(location, $"unexpected key '{key}' in '{field}'" + Suggest.DidYouMean(key, AllKeys));
            }
        }

        if (typeDeferred)
        {
            return mount with { ReadOnly = readOnly ?? false };
        }

        var fileInfoAllowed = type is MountType.Secret or MountType.Ssh or MountType.Cache;
        if (!fileInfoAllowed && (mount.Mode is not null || mount.Uid is not null || mount.Gid is not null))
        {
            var option = mount.Mode is not null ? "mode" : mount.Uid is not null ? "uid" : "gid";
            throw Error(location, $"{option} not allowed for \"{TypeName(type)}\" type mounts");
        }

        if (sharingGiven && type != MountType.Cache)
        {
            throw Error(location, $"invalid cache sharing set for {TypeName(type)} mount");
        }

        if (mount.Env is not null && type != MountType.Secret)
        {
            throw Error(location, $"unexpected key 'env' for mount type '{TypeName(type)}'");
        }

        if (type is MountType.Bind or MountType.Cache or MountType.Tmpfs && !targetGiven)
        {
            throw Error(location, $"{TypeName(type)} mount requires a target");
        }

        if (type == MountType.Secret)
        {
            if (mount.From is not null)
            {
                throw Error(location, "secret mount should not have a from");
            }

            if (mount.Source is null && mount.Target is null && mount.Id is null && mount.Env is null)
            {
                throw Error(location, "invalid secret mount. one of source, target required");
            }

            if (mount.Source is not null && mount.Id is not null)
            {
                throw Error(location, "both source and id can't be set");
            }
        }

        return mount with { ReadOnly = readOnly ?? type is not (MountType.Cache or MountType.Tmpfs) };
    }

    private static readonly string[] AllKeys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid", "src", "dst",
        "destination", "ro", "rw", "readwrite", "env",
    ];

    private static bool HasVariable(string value) => value.Contains('$', StringComparison.Ordinal);

    private static string TypeName(MountType type) => type.ToString().ToLowerInvariant();

    private static List<string> ReadFields(string text, SourceRange location)
    {
        try
        {
            return CsvLine.Split(text);
        }
        catch (FormatException e)
        {
            throw Error(location, "failed to parse csv mounts: " + e.Message);
        }
    }

    private static MountType ParseType(string value, SourceRange location) => value.ToLowerInvariant() switch
    {
        "bind" => MountType.Bind,
        "cache" => MountType.Cache,
        "tmpfs" => MountType.Tmpfs,
        "secret" => MountType.Secret,
        "ssh" => MountType.Ssh,
        _ => throw Error(location, $"unsupported mount type \"{value}\"" + Suggest.DidYouMean(value.ToLowerInvariant(), ["bind", "cache", "tmpfs", "secret", "ssh"])),
    };

    private static CacheSharing ParseSharing(string value, SourceRange location) => value.ToLowerInvariant() switch
    {
        "shared" => CacheSharing.Shared,
        "private" => CacheSharing.Private,
        "locked" => CacheSharing.Locked,
        _ => throw Error(location, $"unsupported sharing value \"{value}\""),
    };

    // Go's strconv.ParseBool.
    private static bool ParseBool(string key, string value, SourceRange location) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw Error(location, $"invalid value for {key}: {value}"),
    };

    private static uint ParseUInt(string key, string value, int radix, SourceRange location)
    {
        if (value.Length > 0 && value.Length <= 32 && value.All(c => c >= '0' && c < '0' + radix))
        {
            var result = 0UL;
            foreach (var c in value)
            {
                result = (result * (ulong)radix) + (ulong)(c - '0');
                if (result > uint.MaxValue)
                {
                    break;
                }
            }

            if (result <= uint.MaxValue)
            {
                return (uint)result;
            }
        }

        throw Error(location, string.Create(CultureInfo.InvariantCulture, $"invalid value {value} for {key}"));
    }

    private static DockerfileParseException Error(SourceRange location, string reason) => new(location, reason);
}
