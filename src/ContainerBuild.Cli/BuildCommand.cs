using System.CommandLine;
using ContainerBuild.Build;
using ContainerBuild.Dockerfile;
using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Solver;

namespace ContainerBuild.Cli;

/// <summary>
/// <c>dotnet containerbuild build [OPTIONS] PATH|-</c>, shaped like <c>docker buildx build</c>: maps the flags to one
/// <see cref="DockerfileBuildRequest"/>, builds, and writes what buildx writes (progress on stderr, <c>--metadata-file</c>,
/// <c>--iidfile</c>, the image ID on stdout with <c>--quiet</c>). A PATH that is a .csproj/.fsproj, or a folder with one
/// project and no Dockerfile, builds that project inside containers (<see cref="ContainerizedBuildService"/>). Without <c>-o</c>, <c>--push</c> or <c>--load</c> the
/// image stays in the content store only, with buildx's warning.
/// </summary>
internal static class BuildCommand
{
    private static readonly string[] Entitlements = ["network.host", "security.insecure"];

    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "The build context folder, or '-' to read a Dockerfile from standard input and build without context; a .csproj/.fsproj (or a folder with one project and no Dockerfile) builds the project inside containers." };
        var file = new Option<string?>("--file", "-f") { Description = "The Dockerfile (default: PATH/Dockerfile); '-' reads it from standard input." };
        var tags = new Option<string[]>("--tag", "-t") { Description = "A name for the image, [REGISTRY/]REPOSITORY[:TAG] (repeatable)." };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "A build-time variable, NAME=VALUE, or NAME to take its value from the environment (repeatable)." };
        var target = new Option<string?>("--target") { Description = "The stage to build (default: the last one)." };
        var platforms = new Option<string[]>("--platform") { Description = "Target platforms, comma-separated (repeatable), such as linux/amd64,linux/arm64; several make an index." };
        var outputs = new Option<string[]>("--output", "-o") { Description = "An output, type=image|registry|oci|docker|local[,KEY=VALUE...], or a folder for type=local (repeatable)." };
        var push = new Option<bool>("--push") { Description = "Push the image to its -t names (type=registry)." };
        var load = new Option<bool>("--load") { Description = "Load the image into the local Docker (type=docker)." };
        var progress = new Option<string>("--progress") { Description = "How to show progress: auto, plain, tty, rawjson or quiet (auto follows BUILDKIT_PROGRESS).", DefaultValueFactory = _ => "auto" };
        var secrets = new Option<string[]>("--secret") { Description = "A secret for RUN --mount=type=secret: id=ID,src=FILE or id=ID,env=VARIABLE (repeatable)." };
        var ssh = new Option<string[]>("--ssh") { Description = "An SSH agent for RUN --mount=type=ssh: default ($SSH_AUTH_SOCK) or ID=SOCKET (repeatable)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every step; look nothing up in the cache." };
        var noCacheFilter = new Option<string[]>("--no-cache-filter") { Description = "Stages whose steps ignore the cache (repeatable)." };
        var pull = new Option<bool>("--pull") { Description = "Ask the registry for every base image again." };
        var labels = new Option<string[]>("--label") { Description = "A label of the image, KEY=VALUE (repeatable)." };
        var network = new Option<string?>("--network") { Description = "The network of RUN steps: default (host), host or none." };
        network.AcceptOnlyFromAmong("default", "host", "none");
        var allow = new Option<string[]>("--allow") { Description = "An entitlement: security.insecure (RUN --security=insecure), network.host (repeatable)." };
        var metadataFile = new Option<string?>("--metadata-file") { Description = "Write the build's metadata (digest, descriptor, names, build ref) as JSON to this file." };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image ID to this file." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no progress; print the image ID when done." };
        var baseRegistry = ProjectBuildOptions.BaseRegistry();
        var noHostCertificates = ProjectBuildOptions.NoHostCertificates();
        path.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value.StartsWith('-')))
            {
                result.AddError($"Unknown option '{token.Value}'.");
            }
        });

        var command = new Command("build", "Build an image from a Dockerfile, like docker buildx build, without a daemon.")
        {
            path, file, tags, buildArgs, target, platforms, outputs, push, load, progress, secrets, ssh, noCache, noCacheFilter, pull, labels,
            network, allow, metadataFile, iidFile, quiet, baseRegistry, noHostCertificates,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var mode = ProgressMode.Auto;
            return CommandRunner.RunAsync(parseResult, context, async () =>
            {
                var environment = context.Environment;
                var workingDirectory = context.WorkingDirectory ?? Directory.GetCurrentDirectory();
                var error = parseResult.InvocationConfiguration.Error;
                var isQuiet = parseResult.GetValue(quiet);
                mode = isQuiet ? ProgressMode.Quiet : ParseProgress(parseResult.GetValue(progress));

                var contextPath = parseResult.GetValue(path)!;
                var dockerfilePath = parseResult.GetValue(file);
                if (dockerfilePath is null && ProjectBuildOptions.FindProject(contextPath, workingDirectory) is { } project)
                {
                    var outputsOfProject = BuildOutputs.Resolve(parseResult.GetValue(outputs) ?? [], parseResult.GetValue(tags) ?? [], parseResult.GetValue(push), parseResult.GetValue(load), workingDirectory);
                    var projectRequest = new ContainerizedBuildRequest
                    {
                        ProjectPath = project,
                        Platforms = ParsePlatforms(parseResult.GetValue(platforms) ?? []),
                        BaseRegistry = parseResult.GetValue(baseRegistry) ?? ProjectBuildOptions.DefaultBaseRegistry,
                        TrustHostCertificates = parseResult.GetValue(noHostCertificates) ? false : null,
                        Outputs = outputsOfProject,
                        NoCache = parseResult.GetValue(noCache),
                        Pull = parseResult.GetValue(pull),
                        Exec = new ExecEngineOptions
                        {
                            Secrets = BuildSecrets.Parse(parseResult.GetValue(secrets) ?? [], environment, workingDirectory),
                            SshAgents = SshAgents.Parse(parseResult.GetValue(ssh) ?? [], environment, workingDirectory),
                        },
                        Progress = mode,
                        ProgressOutput = error,
                        ProgressIsConsole = IsConsole(error),
                        Environment = environment,
                        StandardOutput = outputsOfProject.Any(o => o.Destination == "-") ? context.StandardOutput ?? Console.OpenStandardOutput() : null,
                    };
                    if (projectRequest.Platforms.Count > 1 && projectRequest.Outputs.Any(o => o.Type == OutputType.Docker))
                    {
                        throw new UsageException("A docker image (--load, -o type=docker) holds one platform: choose one with --platform, or use --push or -o type=oci for several.");
                    }

                    var built = await new ContainerizedBuildService().BuildAsync(projectRequest, cancellationToken).ConfigureAwait(false);
                    var asDockerfileResult = new DockerfileBuildResult(built.Build, [], BuildReference.New());
                    await WriteResultAsync(parseResult, asDockerfileResult, projectRequest.Outputs.Count == 0, parseResult.GetValue(metadataFile), parseResult.GetValue(iidFile), isQuiet || mode == ProgressMode.Quiet, workingDirectory, cancellationToken).ConfigureAwait(false);
                    return;
                }

                string? dockerfileText = null;
                if (contextPath == "-" || dockerfilePath == "-")
                {
                    if (contextPath == "-" && dockerfilePath is not null)
                    {
                        throw new UsageException("With '-' as PATH the Dockerfile is read from standard input, so -f cannot be given too.");
                    }

                    dockerfileText = await ReadStandardInputAsync(context, cancellationToken).ConfigureAwait(false);
                }

                var request = new DockerfileBuildRequest
                {
                    ContextDirectory = contextPath == "-" ? null : Path.GetFullPath(contextPath, workingDirectory),
                    DockerfilePath = dockerfilePath is null or "-" ? null : Path.GetFullPath(dockerfilePath, workingDirectory),
                    DockerfileText = dockerfileText,
                    BuildArgs = BuildArgs.Parse(parseResult.GetValue(buildArgs) ?? [], environment),
                    Target = parseResult.GetValue(target),
                    Platforms = ParsePlatforms(parseResult.GetValue(platforms) ?? []),
                    Labels = BuildArgs.ParseLabels(parseResult.GetValue(labels) ?? []),
                    Outputs = BuildOutputs.Resolve(parseResult.GetValue(outputs) ?? [], parseResult.GetValue(tags) ?? [], parseResult.GetValue(push), parseResult.GetValue(load), workingDirectory),
                    NoCache = parseResult.GetValue(noCache),
                    NoCacheFilter = (parseResult.GetValue(noCacheFilter) ?? []).SelectMany(SplitList).ToHashSet(StringComparer.Ordinal),
                    Pull = parseResult.GetValue(pull),
                    Network = parseResult.GetValue(network) is "host" or "none" ? parseResult.GetValue(network) : null,
                    Exec = new ExecEngineOptions
                    {
                        Secrets = BuildSecrets.Parse(parseResult.GetValue(secrets) ?? [], environment, workingDirectory),
                        SshAgents = SshAgents.Parse(parseResult.GetValue(ssh) ?? [], environment, workingDirectory),
                        AllowInsecure = ParseEntitlements(parseResult.GetValue(allow) ?? []),
                    },
                    Progress = mode,
                    ProgressOutput = error,
                    ProgressIsConsole = IsConsole(error),
                    Environment = environment,
                };
                if (request.Outputs.Any(o => o.Destination == "-"))
                {
                    request = request with { StandardOutput = context.StandardOutput ?? Console.OpenStandardOutput() };
                }

                if (request.Platforms.Count > 1 && request.Outputs.Any(o => o.Type == OutputType.Docker))
                {
                    throw new UsageException("A docker image (--load, -o type=docker) holds one platform: choose one with --platform, or use --push or -o type=oci for several.");
                }

                if (request.ContextDirectory is { } folder && Directory.Exists(folder))
                {
                    request = request with { FallbackSourceDate = await GitCommitTime.OfHeadAsync(folder, cancellationToken).ConfigureAwait(false) };
                }

                var result = await new DockerfileBuildService().BuildAsync(request, cancellationToken).ConfigureAwait(false);
                await WriteResultAsync(parseResult, result, request.Outputs.Count == 0, parseResult.GetValue(metadataFile), parseResult.GetValue(iidFile), isQuiet || mode == ProgressMode.Quiet, workingDirectory, cancellationToken).ConfigureAwait(false);
            }, e => ReportFailedStep(e, mode, context, parseResult.InvocationConfiguration.Error));
        });
        return command;
    }

    private static async Task WriteResultAsync(
        ParseResult parseResult, DockerfileBuildResult result, bool noOutput, string? metadataFile, string? iidFile, bool printImageId, string workingDirectory, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (noOutput)
        {
            await error.WriteLineAsync(
                "WARNING: No output specified. The build result will only remain in the build cache. "
                + "To push the image to a registry use --push, to load it into Docker use --load, or write it somewhere with -o.").ConfigureAwait(false);
        }

        if (result.Warnings.Count > 0)
        {
            await error.WriteLineAsync($" {result.Warnings.Count} warning{(result.Warnings.Count == 1 ? "" : "s")} found:").ConfigureAwait(false);
            foreach (var warning in result.Warnings)
            {
                await error.WriteLineAsync($" - {warning}").ConfigureAwait(false);
            }
        }

        if (metadataFile is not null)
        {
            await BuildMetadataFile.WriteAsync(Path.GetFullPath(metadataFile, workingDirectory), result.Metadata, cancellationToken).ConfigureAwait(false);
        }

        if (iidFile is not null)
        {
            await File.WriteAllTextAsync(Path.GetFullPath(iidFile, workingDirectory), result.ImageId, cancellationToken).ConfigureAwait(false);
        }

        if (printImageId)
        {
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.ImageId).ConfigureAwait(false);
        }
    }

    // The plain and tty printers show a failed RUN's last lines; without them (quiet), the error would lose them.
    private static void ReportFailedStep(Exception exception, ProgressMode mode, CliContext context, TextWriter error)
    {
        if (exception is SolveException { InnerException: ExecFailedException failed } solve
            && ProgressPrinters.Resolve(mode, context.Environment, IsConsole(error)) is ProgressMode.Quiet)
        {
            error.Write("------\n");
            error.Write($" > {solve.VertexName}:\n");
            foreach (var line in failed.LastLines)
            {
                error.Write(line + "\n");
            }

            error.Write("------\n");
        }
    }

    private static ProgressMode ParseProgress(string? text) =>
        ProgressPrinters.TryParse(text, out var mode) ? mode : throw new UsageException($"--progress '{text}' is not a progress mode: use auto, plain, tty, rawjson or quiet.");

    private static List<Platform> ParsePlatforms(IEnumerable<string> values)
    {
        var platforms = new List<Platform>();
        foreach (var text in values.SelectMany(SplitList))
        {
            try
            {
                var platform = Platform.Parse(text);
                if (!platforms.Contains(platform))
                {
                    platforms.Add(platform);
                }
            }
            catch (FormatException e)
            {
                throw new UsageException($"--platform: {e.Message}");
            }
        }

        return platforms;
    }

    private static bool ParseEntitlements(IEnumerable<string> values)
    {
        var insecure = false;
        foreach (var entitlement in values.SelectMany(SplitList))
        {
            if (!Entitlements.Contains(entitlement, StringComparer.Ordinal))
            {
                throw new UsageException($"--allow '{entitlement}' is not an entitlement: use {string.Join(" or ", Entitlements)}.");
            }

            insecure |= entitlement == "security.insecure";
        }

        return insecure;
    }

    private static IEnumerable<string> SplitList(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> ReadStandardInputAsync(CliContext context, CancellationToken cancellationToken)
    {
        var reader = context.StandardInput ?? Console.In;
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (text.StartsWith('\u001f') || (text.Length > 262 && text.AsSpan(257, 5).SequenceEqual("ustar")))
        {
            throw new UsageException("Standard input holds an archive; a build context from a tarball is not supported: extract it and give its folder as PATH.");
        }

        return text;
    }

    // Progress goes to stderr; it is a terminal only when it is the process's own, not redirected.
    private static bool IsConsole(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
}
