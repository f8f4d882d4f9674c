using System.Net;
using ContainerBuild.Dockerfile;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver;

namespace ContainerBuild.Cli;

/// <summary>
/// Turns a typed failure into one line, <c>error: what happened: what to do</c>, and an exit code.
/// Never a stack trace; secrets the environment holds are masked in case a message ever echoes one.
/// </summary>
internal static class ErrorReporter
{
    private static readonly string[] SecretSuffixes = ["_PWORD", "PASSWORD", "_TOKEN", "_SECRET"];

    public static int Report(Exception exception, TextWriter error, CliContext context)
    {
        var (message, code) = Describe(exception);
        error.WriteLine("error: " + Mask(OneLine(message), context));
        return code;
    }

    public static (string Message, int ExitCode) Describe(Exception exception) => exception switch
    {
        UsageException e => (e.Message, ExitCodes.Usage),
        InvalidBuildOptionException e => (e.Message, ExitCodes.Usage),
        InvalidExportAttributeException e => ($"-o: {e.Message}", ExitCodes.Usage),
        BuildInputNotFoundException e => (e.Message, ExitCodes.Failure),
        DockerfileParseException e => (e.Message, ExitCodes.Failure),
        ContainerBuild.DotNet.Containerized.ContainerizedBuildException e => (e.Message, ExitCodes.Failure),
        // The printer showed the step's last log lines; the error line names the step and how it ended.
        SolveException { InnerException: ExecFailedException failed } e => ($"failed to solve: {e.VertexName}: {FirstLine(failed.Message)}", ExitCodes.Failure),
        SolveException { InnerException: { } inner } e => ($"failed to solve: {e.VertexName}: {Describe(inner).Message}", ExitCodes.Failure),
        ExecException e => (e.Message, ExitCodes.Failure),
        ImageSourceException e => (e.Message, ExitCodes.Failure),
        InvalidImageReferenceException e => ($"{e.Message} Expected [REGISTRY[:PORT]/]REPOSITORY[:TAG][@DIGEST], such as 127.0.0.1:5000/app:1.0.", ExitCodes.Usage),
        ManifestNotFoundException e => ($"not found: {e.Message} Check the tag or digest (and the repository name).", ExitCodes.Failure),
        RepositoryNameUnknownException e => ($"not found: {e.Message} Check the repository name.", ExitCodes.Failure),
        // The registry library's message already says which credential was used and what to do.
        RegistryAuthenticationException e => ($"authentication to {e.Registry} failed: {e.Message}", ExitCodes.Failure),
        RegistryAccessDeniedException e => ($"access denied by {e.Registry}: {e.Message} The credentials in use may not pull or push this repository.", ExitCodes.Failure),
        RegistryUnavailableException e => ($"{e.Message}", ExitCodes.Failure),
        RegistryException { StatusCode: HttpStatusCode.NotFound } e => ($"not found: {e.Message}", ExitCodes.Failure),
        RegistryException e => (e.Message, ExitCodes.Failure),
        InvalidManifestException e => ($"the registry sent a document that is not a valid manifest: {e.Message}", ExitCodes.Failure),
        ImageToolsException e => (e.Message, ExitCodes.Failure),
        ExportException e => (e.Message, ExitCodes.Failure),
        OperationCanceledException => ("cancelled.", ExitCodes.Failure),
        IOException e => ($"{e.Message}", ExitCodes.Failure),
        UnauthorizedAccessException e => ($"{e.Message}", ExitCodes.Failure),
        _ => ($"{exception.Message} ({exception.GetType().Name})", ExitCodes.Failure),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0];

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Mask(string message, CliContext context)
    {
        foreach (var (name, value) in context.Environment)
        {
            if (value is { Length: >= 4 } && SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                message = message.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }
}
