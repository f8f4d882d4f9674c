using System.Net;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver;

namespace ContainerBuild.Tasks.Diagnostics;

/// <summary>
/// Turns the orchestration's typed failures (DESIGN decision 9) into coded MSBuild errors: which registry, whether it
/// was the base image or the destination, and what to change. Secrets the environment holds are masked.
/// </summary>
public sealed class BuildErrorDescriber(ImageReference? baseImage, IReadOnlyDictionary<string, string?> environment)
{
    private static readonly string[] SecretSuffixes = ["_PWORD", "PASSWORD", "_TOKEN", "_SECRET"];

    private const string CredentialsHelp =
        "Log in with `docker login {0}` (credentials are read from DOCKER_CONFIG or ~/.docker/config.json) or set DOTNET_CONTAINER_PUSH_REGISTRY_UNAME and DOTNET_CONTAINER_PUSH_REGISTRY_PWORD (DOTNET_CONTAINER_PULL_REGISTRY_* for the base image).";

    public ContainerDiagnostic Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cause = Unwrap(exception);
        var step = exception is SolveException solve && solve.VertexName.Length > 0 ? $" (step '{solve.VertexName}')" : "";
        var diagnostic = cause switch
        {
            OperationCanceledException => new ContainerDiagnostic(DiagnosticCodes.Canceled, "The container build was canceled."),
            RegistryUnavailableException e => new ContainerDiagnostic(DiagnosticCodes.RegistryUnreachable,
                $"The registry {Name(e)} could not be reached: {e.Message} Check that the registry is running and that ContainerRegistry (or the base image's registry) names the right host and port."),
            RegistryAuthenticationException e => new ContainerDiagnostic(DiagnosticCodes.RegistryAuthenticationFailed,
                $"Authentication to {Name(e)} failed: {e.Message} Check the user name and password. " + string.Format(System.Globalization.CultureInfo.InvariantCulture, CredentialsHelp, Name(e))),
            RegistryAccessDeniedException e => new ContainerDiagnostic(DiagnosticCodes.RegistryAccessDenied,
                $"{Name(e)} denied access: {e.Message} The credentials in use may not pull or push this repository; use an account that may, or change ContainerRegistry/ContainerRepository."),
            ManifestNotFoundException or RepositoryNameUnknownException when IsBaseRegistry(cause) => new ContainerDiagnostic(DiagnosticCodes.BaseImageNotFound,
                $"The base image {baseImage} was not found: {cause.Message} Check ContainerBaseImage (or ContainerDefaultBaseRegistry, ContainerFamily and the target framework it is inferred from)."),
            ImageNotInStoreException or ManifestNotFoundException or RepositoryNameUnknownException => new ContainerDiagnostic(DiagnosticCodes.BaseImageNotFound,
                $"An image was not found: {cause.Message} Check ContainerBaseImage."),
            ImagePlatformNotFoundException e => new ContainerDiagnostic(DiagnosticCodes.BaseImagePlatformMissing,
                $"{e.Message} Set ContainerPlatforms (or ContainerRuntimeIdentifier) to platforms the base image offers, or choose another ContainerBaseImage."),
            RegistryException { StatusCode: HttpStatusCode.NotFound } e when IsBaseRegistry(e) => new ContainerDiagnostic(DiagnosticCodes.BaseImageNotFound,
                $"The base image {baseImage} was not found: {e.Message} Check ContainerBaseImage."),
            RegistryException e => new ContainerDiagnostic(DiagnosticCodes.RegistryFailed, $"The registry {Name(e)} failed the request: {e.Message}"),
            DockerUnavailableException e => new ContainerDiagnostic(DiagnosticCodes.LocalDaemonUnavailable,
                $"{e.Message} Start the daemon, set LocalRegistry to the one you have (Docker or Podman), or set ContainerRegistry or ContainerArchiveOutputPath to publish without a daemon."),
            DockerLoadFailedException e => new ContainerDiagnostic(DiagnosticCodes.LocalDaemonUnavailable,
                $"{e.Message} Set ContainerRegistry or ContainerArchiveOutputPath to publish without loading into a daemon."),
            _ => new ContainerDiagnostic(DiagnosticCodes.BuildFailed, $"The container image could not be built{step}: {cause.Message}"),
        };
        return diagnostic with { Message = Mask(OneLine(diagnostic.Message)) };
    }

    /// <summary>The typed failure inside the wrappers a solve or a task adds.</summary>
    public static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (true)
        {
            var next = current switch
            {
                SolveException { InnerException: { } inner } => inner,
                AggregateException { InnerExceptions.Count: 1 } aggregate => aggregate.InnerExceptions[0],
                System.Reflection.TargetInvocationException { InnerException: { } inner } => inner,
                _ => null,
            };
            if (next is null)
            {
                return current;
            }

            current = next;
        }
    }

    private bool IsBaseRegistry(Exception exception) =>
        baseImage is not null && exception is RegistryException registry
        && (registry.Registry.Length == 0 || string.Equals(registry.Registry, baseImage.RegistryApiHost, StringComparison.OrdinalIgnoreCase)
            || string.Equals(registry.Registry, baseImage.Registry, StringComparison.OrdinalIgnoreCase))
        && (registry.RedactedUrl is null || registry.RedactedUrl.Contains("/" + baseImage.Repository + "/", StringComparison.Ordinal));

    private static string Name(RegistryException exception) => exception.Registry.Length > 0 ? exception.Registry : "(unknown registry)";

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private string Mask(string message)
    {
        foreach (var (name, value) in environment)
        {
            if (value is { Length: >= 4 } && SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                message = message.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
