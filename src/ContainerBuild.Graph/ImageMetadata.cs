using System.Collections.Immutable;
using ContainerBuild.Graph.Internal;
using ContainerBuild.Oci;

namespace ContainerBuild.Graph;

/// <summary>
/// What a state carries for the image config, never in the LLB: env, working directory, user,
/// entrypoint, cmd, labels, ports, stop signal, healthcheck, volumes, shell, onbuild, author and platform.
/// The exporter turns it into the config (<see cref="ToContainerConfig"/>).
/// </summary>
public sealed record ImageMetadata
{
    public static ImageMetadata Empty { get; } = new();

    /// <summary><c>NAME=value</c> entries in order; setting a name again replaces it in place, as Docker does.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary>Absolute working directory, or null when none was set (then "/" is meant).</summary>
    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public ImmutableArray<string>? Entrypoint { get; init; }

    public ImmutableArray<string>? Cmd { get; init; }

    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Ports as <c>port/protocol</c> (such as <c>8080/tcp</c>), each once, sorted.</summary>
    public ImmutableSortedSet<string> ExposedPorts { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public string? StopSignal { get; init; }

    public HealthCheck? Healthcheck { get; init; }

    public ImmutableSortedSet<string> Volumes { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public ImmutableArray<string>? Shell { get; init; }

    public ImmutableArray<string> OnBuild { get; init; } = [];

    /// <summary>Docker's <c>ArgsEscaped</c>, which BuildKit sets with every Dockerfile CMD.</summary>
    public bool ArgsEscaped { get; init; }

    /// <summary>The config's top-level <c>author</c> (Dockerfile MAINTAINER).</summary>
    public string? Author { get; init; }

    /// <summary>The platform the state is for; null means the marshal-time default.</summary>
    public Oci.Platform? Platform { get; init; }

    /// <summary>The value of an env entry, or null.</summary>
    public string? GetEnv(string name)
    {
        foreach (var entry in Env)
        {
            var (key, value) = Split(entry);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Sets <paramref name="name"/>: replaced where it is, else appended.</summary>
    public ImageMetadata WithEnv(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var entry = name + "=" + value;
        for (var i = 0; i < Env.Length; i++)
        {
            if (string.Equals(Split(Env[i]).Key, name, StringComparison.Ordinal))
            {
                return this with { Env = Env.SetItem(i, entry) };
            }
        }

        return this with { Env = Env.Add(entry) };
    }

    /// <summary>Sets the working directory; a relative one is resolved against the current one.</summary>
    public ImageMetadata WithWorkingDir(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var resolved = GoPath.IsAbs(directory) ? GoPath.Clean(directory) : GoPath.Join("/", WorkingDir, directory);
        return this with { WorkingDir = resolved };
    }

    /// <summary>The <c>config</c> object of an image config.</summary>
    public ContainerConfig ToContainerConfig() => new()
    {
        User = User,
        ExposedPorts = ExposedPorts.Count == 0 ? null : [.. ExposedPorts],
        Env = Env.IsEmpty ? null : [.. Env],
        Entrypoint = Entrypoint is { } entrypoint ? [.. entrypoint] : null,
        Cmd = Cmd is { } cmd ? [.. cmd] : null,
        Volumes = Volumes.Count == 0 ? null : [.. Volumes],
        WorkingDir = WorkingDir,
        Labels = Labels.Count == 0 ? null : Labels,
        StopSignal = StopSignal,
        Healthcheck = Healthcheck,
        OnBuild = OnBuild.IsEmpty ? null : [.. OnBuild],
        Shell = Shell is { } shell ? [.. shell] : null,
        ArgsEscaped = ArgsEscaped,
    };

    /// <summary>The metadata an image config describes (for a state built on that image).</summary>
    public static ImageMetadata FromImageConfig(ImageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.Config;
        return new ImageMetadata
        {
            Env = c?.Env is { } env ? [.. env] : [],
            WorkingDir = string.IsNullOrEmpty(c?.WorkingDir) ? null : c.WorkingDir,
            User = string.IsNullOrEmpty(c?.User) ? null : c.User,
            Entrypoint = c?.Entrypoint is { } entrypoint ? [.. entrypoint] : null,
            Cmd = c?.Cmd is { } cmd ? [.. cmd] : null,
            Labels = (c?.Labels ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
            ExposedPorts = (c?.ExposedPorts ?? []).ToImmutableSortedSet(StringComparer.Ordinal),
            StopSignal = c?.StopSignal,
            Healthcheck = c?.Healthcheck,
            Volumes = (c?.Volumes ?? []).ToImmutableSortedSet(StringComparer.Ordinal),
            Shell = c?.Shell is { } shell ? [.. shell] : null,
            OnBuild = c?.OnBuild is { } onBuild ? [.. onBuild] : [],
            Author = string.IsNullOrEmpty(config.Author) ? null : config.Author,
            ArgsEscaped = c?.ArgsEscaped ?? false,
            Platform = config.Platform,
        };
    }

    public bool Equals(ImageMetadata? other) =>
        other is not null
        && Env.SequenceEqual(other.Env)
        && WorkingDir == other.WorkingDir
        && User == other.User
        && SameList(Entrypoint, other.Entrypoint)
        && SameList(Cmd, other.Cmd)
        && Labels.SequenceEqual(other.Labels)
        && ExposedPorts.SequenceEqual(other.ExposedPorts)
        && StopSignal == other.StopSignal
        && Equals(Healthcheck, other.Healthcheck)
        && Volumes.SequenceEqual(other.Volumes)
        && SameList(Shell, other.Shell)
        && OnBuild.SequenceEqual(other.OnBuild)
        && Author == other.Author
        && ArgsEscaped == other.ArgsEscaped
        && Equals(Platform, other.Platform);

    public override int GetHashCode() => HashCode.Combine(Env.Length, WorkingDir, User, Platform);

    private static bool SameList(ImmutableArray<string>? left, ImmutableArray<string>? right) =>
        left is null ? right is null : right is not null && left.Value.SequenceEqual(right.Value);

    private static (string Key, string Value) Split(string entry)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (entry, "") : (entry[..equals], entry[(equals + 1)..]);
    }
}
