using System.Collections.Immutable;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// What a .NET app's image says on top of its base, computed as the SDK does from the request and the base's config:
/// the user (<c>ContainerUser</c>, else the base's <c>APP_UID</c>, else the base's user), the ports (<c>ContainerPort</c>
/// plus the base's <c>ASPNETCORE_*</c>), entrypoint and cmd (<see cref="DotNetAppCommand"/>), env, labels with the base
/// image's name and digest, the working directory, and who owns the app's files.
/// </summary>
/// <param name="Metadata">The state's metadata; the exporter lays it over the base's config.</param>
/// <param name="User">The effective user, or null for the base's root.</param>
/// <param name="Ports">Every exposed port of the image (the base's included), sorted.</param>
/// <param name="Owner">The owner of the app's files and of the working directory the copies create.</param>
/// <param name="WorkingDirectory">Absolute and clean (<c>/app</c>), where the app's files are copied; the config's WorkingDir keeps the request's value as given (<c>/app/</c>).</param>
public sealed record DotNetImageConfig(ImageMetadata Metadata, string? User, IReadOnlyList<string> Ports, FileOwner Owner, string WorkingDirectory)
{
    public const string AppUidVariable = "APP_UID";
    public const string BaseNameLabel = "org.opencontainers.image.base.name";
    public const string BaseDigestLabel = "org.opencontainers.image.base.digest";

    /// <summary>The image's env as it will be, the base's overlaid by <c>ContainerEnvironmentVariable</c>s: what <c>ContainerRun</c> steps see.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary>The base image's working directory, or <c>/</c>: where a <c>ContainerRun</c> step before the app runs by default.</summary>
    public string BaseWorkingDirectory { get; init; } = "/";

    /// <param name="request">The request (only its config properties are read).</param>
    /// <param name="baseConfig">The base image's config for this platform.</param>
    /// <param name="baseName">The base image's name for the label (as resolved, without a digest).</param>
    /// <param name="baseDigest">The digest of the base's manifest for this platform.</param>
    /// <exception cref="ArgumentException">An invalid working directory, port or app command setting.</exception>
    public static DotNetImageConfig For(DotNetImageRequest request, ImageConfig baseConfig, ImageReference baseName, Digest baseDigest)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(baseConfig);
        ArgumentNullException.ThrowIfNull(baseName);
        var below = baseConfig.Config ?? new ContainerConfig();

        var metadata = ImageMetadata.Empty;
        foreach (var (name, value) in request.EnvironmentVariables)
        {
            metadata = metadata.WithEnv(name, value);
        }

        // The image's env as it will be: the base's, overlaid by the request's (a ContainerEnvironmentVariable wins).
        var environment = new ImageMetadata { Env = [.. below.Env ?? []] };
        foreach (var entry in metadata.Env)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            environment = environment.WithEnv(entry[..equals], entry[(equals + 1)..]);
        }

        var user = NonEmpty(request.User) ?? NonEmpty(environment.GetEnv(AppUidVariable)) ?? NonEmpty(below.User);
        var ports = request.Ports.Select(NormalizePort).Concat(AspNetCorePorts.FromEnvironment(environment.Env)).ToImmutableSortedSet(StringComparer.Ordinal);
        var (entrypoint, cmd) = DotNetAppCommand.Resolve(
            request.AppCommandInstruction, request.AppCommand, request.AppCommandArgs, request.DefaultArgs, below.Entrypoint, below.Cmd);

        var labels = request.Labels.ToImmutableSortedDictionary(StringComparer.Ordinal);
        if (request.GenerateBaseNameLabel && !labels.ContainsKey(BaseNameLabel))
        {
            labels = labels.Add(BaseNameLabel, baseName.ToString());
        }

        if (request.GenerateBaseDigestLabel && !labels.ContainsKey(BaseDigestLabel))
        {
            labels = labels.Add(BaseDigestLabel, baseDigest.ToString());
        }

        // The copies go to the clean path; the config keeps the value as given (/app/, as the SDK writes it).
        var workingDirectory = Oci.IO.UnixPath.Clean(WorkingDirectoryOf(request.WorkingDirectory));
        metadata = metadata with
        {
            WorkingDir = request.WorkingDirectory,
            User = user,
            ExposedPorts = ports,
            Labels = labels,

            // Set even when empty, so what the base had is replaced rather than inherited (see DotNetAppCommand).
            Entrypoint = [.. entrypoint],
            Cmd = [.. cmd],
        };

        var owner = NonEmpty(request.AppFilesOwner) is { } named ? FileOwner.Parse(named)
            : user is null ? FileOwner.FromIds(0, 0)
            : FileOwner.Parse(user);
        var allPorts = ports.Union(below.ExposedPorts ?? []);
        return new DotNetImageConfig(metadata, user, [.. allPorts], owner, workingDirectory)
        {
            Env = environment.Env,
            BaseWorkingDirectory = NonEmpty(below.WorkingDir) is { } baseDirectory && baseDirectory.StartsWith('/') ? Oci.IO.UnixPath.Clean(baseDirectory) : "/",
        };
    }

    /// <summary><c>8080</c> and <c>8080/TCP</c> as <c>8080/tcp</c>; <c>53/udp</c> as it is.</summary>
    /// <exception cref="ArgumentException">Not a port number, or a protocol other than tcp and udp.</exception>
    public static string NormalizePort(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var slash = port.IndexOf('/', StringComparison.Ordinal);
        var number = (slash < 0 ? port : port[..slash]).Trim();
        var protocol = slash < 0 ? "tcp" : port[(slash + 1)..].Trim().ToLowerInvariant();
        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value is < 1 or > 65535 || protocol is not ("tcp" or "udp"))
        {
            throw new ArgumentException($"ContainerPort '{port}' is not a port: write a number from 1 to 65535, optionally with /tcp or /udp.", nameof(port));
        }

        return $"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{protocol}";
    }

    private static string WorkingDirectoryOf(string directory) =>
        directory is ['/', ..] ? directory
        : throw new ArgumentException($"ContainerWorkingDirectory '{directory}' is not absolute: write a path from the image's root, such as /app/.", nameof(directory));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
