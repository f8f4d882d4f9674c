using System.CommandLine;
using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli;

/// <summary>
/// <c>dotnet containerbuild dockerfile PROJECT</c>: prints the multi-stage Dockerfile equivalent to the containerized
/// build of the project (<see cref="ContainerizedDockerfile"/>); with <c>-f FILE</c> writes it and its
/// <c>FILE.dockerignore</c> instead, ready for <c>DOCKER_BUILDKIT=1 docker build --network=host -f FILE CONTEXT</c>.
/// </summary>
internal static class DockerfileCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PROJECT") { Description = "The .csproj/.fsproj, or a folder with one project (a Dockerfile beside it does not matter here)." };
        var file = new Option<string?>("--file", "-f") { Description = "Write the Dockerfile here, and its ignore file beside it (FILE.dockerignore), instead of printing it." };
        var platforms = new Option<string[]>("--platform") { Description = "Target platforms, comma-separated (repeatable)." };
        var baseRegistry = ProjectBuildOptions.BaseRegistry();
        var noHostCertificates = ProjectBuildOptions.NoHostCertificates();
        var command = new Command("dockerfile", "Print the Dockerfile equivalent to building a .NET project inside containers.")
        {
            path, file, platforms, baseRegistry, noHostCertificates,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, context, async () =>
        {
            var workingDirectory = context.WorkingDirectory ?? Directory.GetCurrentDirectory();
            // A project wins over a Dockerfile beside it: this command only prints the Dockerfile of a project.
            var project = ProjectBuildOptions.FindProject(parseResult.GetValue(path)!, workingDirectory, evenBesideDockerfile: true)
                ?? throw new UsageException($"{parseResult.GetValue(path)} is not a .csproj/.fsproj file or a folder with exactly one project.");
            var request = new ContainerizedBuildRequest
            {
                ProjectPath = project,
                Platforms = [.. (parseResult.GetValue(platforms) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(ParsePlatform).Distinct()],
                BaseRegistry = parseResult.GetValue(baseRegistry) ?? ProjectBuildOptions.DefaultBaseRegistry,
                TrustHostCertificates = parseResult.GetValue(noHostCertificates) ? false : null,
                Environment = context.Environment,
            };
            var plan = await ContainerizedBuildService.PlanAsync(request, cancellationToken).ConfigureAwait(false);
            var dockerfile = ContainerizedDockerfile.For(plan);
            if (parseResult.GetValue(file) is { } target)
            {
                var full = Path.GetFullPath(target, workingDirectory);
                await File.WriteAllTextAsync(full, dockerfile, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(full + ".dockerignore", ContainerizedDockerfile.IgnoreFile(plan.Context), cancellationToken).ConfigureAwait(false);
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"Wrote {full} and {full}.dockerignore; build with: DOCKER_BUILDKIT=1 docker build --network=host -f {full}{ContainerizedDockerfile.SecretFlags(plan)} {plan.Context.Root}").ConfigureAwait(false);
            }
            else
            {
                await parseResult.InvocationConfiguration.Output.WriteAsync(dockerfile).ConfigureAwait(false);
            }
        }));
        return command;
    }

    private static Platform ParsePlatform(string text)
    {
        try
        {
            return Platform.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--platform: {e.Message}");
        }
    }
}
