using ContainerBuild.Engine.Ops.Exec;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// <c>--secret</c> as buildx reads it: <c>id=ID,src=FILE</c> (or <c>source=</c>), <c>id=ID,env=VARIABLE</c>,
/// <c>type=env,id=VARIABLE</c>, <c>type=file,id=ID,src=FILE</c>; with neither src nor env, the environment variable
/// named ID when it is set, else the file named ID (BuildKit's secrets provider). Only where the bytes come from is
/// kept: the bytes are read by the RUN that mounts the secret, and never printed.
/// </summary>
public static class BuildSecrets
{
    /// <summary>BuildKit's limit on one secret's size.</summary>
    public const long MaxSize = 500 * 1024;

    public static Dictionary<string, SecretSource> Parse(IEnumerable<string> specs, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var secrets = new Dictionary<string, SecretSource>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var (id, source) = Parse(spec, environment, workingDirectory);
            secrets[id] = source;
        }

        return secrets;
    }

    public static (string Id, SecretSource Source) Parse(string spec, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(environment);
        string? type = null, id = null, file = null, variable = null;
        foreach (var field in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid(spec, $"'{field}' is not a key=value pair");
            }

            var value = field[(equals + 1)..];
            switch (field[..equals].ToLowerInvariant())
            {
                case "type" when value is "file" or "env":
                    type = value;
                    break;
                case "type":
                    throw Invalid(spec, $"'{value}' is not a secret type (use file or env)");
                case "id":
                    id = value;
                    break;
                case "src" or "source":
                    file = value;
                    break;
                case "env":
                    variable = value;
                    break;
                default:
                    throw Invalid(spec, $"'{field[..equals]}' is not a secret attribute (use id, src, env or type)");
            }
        }

        if (type == "env" && variable is null)
        {
            (variable, file) = (file ?? id, null);
        }

        id ??= variable ?? throw Invalid(spec, "it has no id");
        if (id.Length == 0)
        {
            throw Invalid(spec, "its id is empty");
        }

        if (file is null && variable is null)
        {
            if (environment.TryGetValue(id, out var set) && set is not null)
            {
                variable = id;
            }
            else
            {
                file = id;
            }
        }

        if (variable is not null)
        {
            return (id, SecretSource.FromEnvironment(variable));
        }

        var path = Path.GetFullPath(file!, workingDirectory ?? Directory.GetCurrentDirectory());
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw Invalid(spec, $"the file '{path}' does not exist (and no environment variable is named '{id}')");
        }

        if (info.Length > MaxSize)
        {
            throw Invalid(spec, $"the file '{path}' holds {info.Length} bytes; a secret may hold at most {MaxSize}");
        }

        return (id, SecretSource.FromFile(path));
    }

    // The spec names files and variables, never a secret's value, so it may be echoed.
    private static InvalidBuildOptionException Invalid(string spec, string why) =>
        new("--secret", spec, $"--secret '{spec}': {why}. Write id=ID,src=FILE or id=ID,env=VARIABLE.");
}
