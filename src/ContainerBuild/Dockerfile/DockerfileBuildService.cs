using System.Runtime.InteropServices;
using System.Text;
using ContainerBuild.Build;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Frontend.Dockerfile;
using ContainerBuild.Frontend.Dockerfile.DockerIgnore;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// Builds a Dockerfile the way <c>docker buildx build</c> does, through the one build path: reads the Dockerfile and the
/// context's ignore file, lets the frontend turn them into one state per platform (resolving base image configs from
/// the registry or the store), and hands the Definitions to <see cref="BuildService"/> with the context as the local
/// source <c>context</c>. SOURCE_DATE_EPOCH (build arg, else environment) becomes the build's source date; proxy
/// variables of the environment become build args and the RUN steps' proxy settings, never part of a cache key.
/// </summary>
public sealed class DockerfileBuildService
{
    public const string ContextName = "context";

    private readonly TimeProvider clock;

    public DockerfileBuildService(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    public async Task<DockerfileBuildResult> BuildAsync(DockerfileBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contextDirectory = request.ContextDirectory is { } given ? Path.GetFullPath(given) : null;
        if (contextDirectory is not null && !Directory.Exists(contextDirectory))
        {
            throw BuildInputNotFoundException.Context(request.ContextDirectory!);
        }

        var buildArgs = BuildArgsWithEnvironment(request.BuildArgs, request.Environment);
        var sourceDate = SourceDateOf(buildArgs) ?? request.FallbackSourceDate ?? DateTimeOffset.UnixEpoch;
        var exec = request.Exec.Proxy is null ? request.Exec with { Proxy = ProxyOf(buildArgs) } : request.Exec;
        var buildRef = BuildReference.New();
        var trace = TimingTrace.From(request.Environment);
        trace?.Mark("dockerfile build");

        var printer = request.ProgressOutput is { } writer
            ? ProgressPrinters.Create(request.Progress, writer, request.Environment, request.ProgressIsConsole)
            : null;
        IProgressSink sink = (printer, request.ProgressSink) switch
        {
            ({ } p, { } extra) => ProgressSinks.Tee(p, extra),
            ({ } p, null) => p,
            (null, { } extra) => extra,
            _ => ProgressSinks.None,
        };

        string? emptyContext = null;
        try
        {
            var (dockerfileName, dockerfile) = await ReadDockerfileAsync(request, contextDirectory, sink, cancellationToken).ConfigureAwait(false);
            var excludes = await ReadIgnoreFileAsync(request, contextDirectory, sink, cancellationToken).ConfigureAwait(false);
            trace?.Mark("inputs read");

            var converted = await ConvertAsync(request, dockerfileName, dockerfile, buildArgs, excludes, sink, cancellationToken).ConfigureAwait(false);
            var targets = converted.Platforms.Select(p => new BuildTarget(p.State.Marshal(p.Platform), p.State.Metadata, p.Platform)).ToList();
            trace?.Mark("converted");
            if (targets.Count == 0)
            {
                throw new InvalidOperationException("The Dockerfile frontend returned no platform to build.");
            }

            contextDirectory ??= emptyContext = Directory.CreateTempSubdirectory("containerbuild-nocontext-").FullName;
            var build = await new BuildService(clock).BuildAsync(
                new BuildRequest
                {
                    Targets = targets,
                    LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { [ContextName] = contextDirectory },
                    Outputs = request.Outputs,
                    NoCache = request.NoCache,
                    ProgressSink = sink,
                    StoreRoot = request.StoreRoot,
                    Environment = request.Environment,
                    SourceDate = sourceDate,
                    MaxParallelism = request.MaxParallelism,
                    Exec = exec,
                    StandardOutput = request.StandardOutput,
                },
                cancellationToken).ConfigureAwait(false);
            return new DockerfileBuildResult(build, converted.Warnings, buildRef);
        }
        finally
        {
            printer?.Complete();
            if (emptyContext is not null)
            {
                Directory.Delete(emptyContext, recursive: true);
            }
        }
    }

    /// <summary>The build args the frontend sees: the given ones, plus SOURCE_DATE_EPOCH and proxies from the environment where not given (as buildx passes them).</summary>
    public static Dictionary<string, string> BuildArgsWithEnvironment(IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(buildArgs);
        ArgumentNullException.ThrowIfNull(environment);
        var args = new Dictionary<string, string>(buildArgs, StringComparer.Ordinal);
        foreach (var name in BuildArgs.ProxyNames.Append(SourceDateEpoch.Variable))
        {
            if (!args.ContainsKey(name) && environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value))
            {
                args[name] = value;
            }
        }

        return args;
    }

    /// <summary>The source date a SOURCE_DATE_EPOCH build arg gives, or null when there is none.</summary>
    /// <exception cref="InvalidBuildOptionException">The value is not whole seconds since 1970.</exception>
    public static DateTimeOffset? SourceDateOf(IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(buildArgs);
        if (!buildArgs.TryGetValue(SourceDateEpoch.Variable, out var text))
        {
            return null;
        }

        try
        {
            return SourceDateEpoch.FromEnvironment(new Dictionary<string, string?>(StringComparer.Ordinal) { [SourceDateEpoch.Variable] = text });
        }
        catch (FormatException e)
        {
            throw new InvalidBuildOptionException("--build-arg", $"{SourceDateEpoch.Variable}={text}", e.Message);
        }
    }

    private static ProxyEnvironment ProxyOf(IReadOnlyDictionary<string, string> buildArgs) =>
        ProxyEnvironment.FromEnvironment(buildArgs.Where(p => BuildArgs.ProxyNames.Contains(p.Key)).ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal));

    private async Task<(string Name, string Text)> ReadDockerfileAsync(DockerfileBuildRequest request, string? contextDirectory, IProgressSink sink, CancellationToken cancellationToken)
    {
        string name;
        string text;
        var vertex = new HostVertex(sink, clock, "[internal] load build definition from " + (request.DockerfileText is null ? Path.GetFileName(DockerfilePath(request, contextDirectory)) : "Dockerfile"));
        try
        {
            if (request.DockerfileText is { } fromHost)
            {
                (name, text) = ("Dockerfile", fromHost);
            }
            else
            {
                var path = DockerfilePath(request, contextDirectory);
                if (!File.Exists(path))
                {
                    throw BuildInputNotFoundException.Dockerfile(request.DockerfilePath ?? path);
                }

                // Errors name the file as buildx does: by its file name (Dockerfile:3, app.Dockerfile:7).
                (name, text) = (Path.GetFileName(path), await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
            }

            vertex.Transferred("transferring dockerfile:", Encoding.UTF8.GetByteCount(text));
            vertex.Complete();
            return (name, text);
        }
        catch (Exception e)
        {
            vertex.Complete(e);
            throw;
        }
    }

    private static string DockerfilePath(DockerfileBuildRequest request, string? contextDirectory) =>
        request.DockerfilePath is { } path ? Path.GetFullPath(path)
        : contextDirectory is not null ? Path.Join(contextDirectory, "Dockerfile")
        : throw new InvalidOperationException("A build without context needs the Dockerfile's text.");

    private async Task<IReadOnlyList<string>> ReadIgnoreFileAsync(DockerfileBuildRequest request, string? contextDirectory, IProgressSink sink, CancellationToken cancellationToken)
    {
        if (contextDirectory is null)
        {
            return [];
        }

        var vertex = new HostVertex(sink, clock, "[internal] load .dockerignore");
        try
        {
            // <Dockerfile>.dockerignore beside the Dockerfile wins; a Dockerfile from stdin has no name to look for.
            var file = request.DockerfileText is null
                ? DockerIgnoreLocator.Find(contextDirectory, DockerfilePath(request, contextDirectory))
                : File.Exists(Path.Join(contextDirectory, DockerIgnoreFile.FileName)) ? Path.Join(contextDirectory, DockerIgnoreFile.FileName) : null;
            var patterns = file is null ? [] : await DockerIgnoreFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            vertex.Transferred("transferring context:", file is null ? 2 : new FileInfo(file).Length);
            vertex.Complete();
            return patterns;
        }
        catch (Exception e)
        {
            vertex.Complete(e);
            throw;
        }
    }

    private async Task<DockerfileConvertResult> ConvertAsync(
        DockerfileBuildRequest request,
        string dockerfileName,
        string dockerfile,
        IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyList<string> excludes,
        IProgressSink sink,
        CancellationToken cancellationToken)
    {
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(request.Environment).Root);
        using var clients = ImageSourceResolver.CreateClients(request.Environment);
        var resolver = new RegistryImageConfigResolver(new ImageSourceResolver(store, clients), sink, clock, request.Pull, namePlatforms: request.Platforms.Count > 1);
        return await DockerfileFrontend.ConvertAsync(
            new DockerfileConvertRequest
            {
                Dockerfile = dockerfile,
                DockerfileName = dockerfileName,
                ImageResolver = resolver,
                BuildArgs = buildArgs,
                Target = request.Target,
                TargetPlatforms = request.Platforms,
                BuildPlatform = HostPlatform,
                Labels = request.Labels,
                ContextName = ContextName,
                ContextExcludes = excludes,
                NoCacheStages = request.NoCacheFilter,
                ForcePull = request.Pull,
                Network = request.Network,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The platform this process runs on (BUILDPLATFORM).</summary>
    public static Platform HostPlatform => RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => Platform.LinuxArm64,
        Architecture.Arm => Platform.Parse("linux/arm/v7"),
        Architecture.X86 => Platform.Parse("linux/386"),
        Architecture.S390x => Platform.Parse("linux/s390x"),
        Architecture.Ppc64le => Platform.Parse("linux/ppc64le"),
        Architecture.RiscV64 => Platform.Parse("linux/riscv64"),
        _ => Platform.LinuxAmd64,
    };
}
