using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;

namespace ContainerBuild.DotNet;

/// <summary>
/// One <c>ContainerRun</c> item: a shell command run in the image while it is built (<c>/bin/sh -c</c>, the image's
/// env, the image's platform), as a Dockerfile <c>RUN</c> would, through the solver and cached like any step.
/// </summary>
/// <param name="Command">The shell command.</param>
public sealed record ContainerRunStep(string Command)
{
    /// <summary>The user a step runs as when <see cref="User"/> is not set: root (uid 0), since installing packages needs it.</summary>
    public const string DefaultUser = "0";

    /// <summary>Cache and tmpfs mounts in the Dockerfile <c>--mount</c> syntax (see <see cref="ContainerRunMounts"/>).</summary>
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary><c>user[:group]</c> the command runs as; null for <see cref="DefaultUser"/>. The image's configured user does not change.</summary>
    public string? User { get; init; }

    /// <summary>Default (the build's, which in-process is the host's), none, or host.</summary>
    public ExecNetwork Network { get; init; } = ExecNetwork.Sandbox;

    /// <summary>
    /// Absolute; null for the base image's working directory before the app (or <c>/</c>), and the app's directory
    /// (<c>ContainerWorkingDirectory</c>) after it.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    public ContainerRunStage Stage { get; init; } = ContainerRunStage.BeforeApp;

    /// <summary>A step from the item's text: every value but the command may be empty for its default; names are case-insensitive.</summary>
    /// <param name="command">The shell command.</param>
    /// <param name="mounts">Dockerfile <c>--mount</c> values separated by <c>;</c> or new lines.</param>
    /// <param name="user"><c>user[:group]</c>, a name or an id.</param>
    /// <param name="network"><c>default</c>, <c>none</c> or <c>host</c>.</param>
    /// <param name="workingDirectory">An absolute path.</param>
    /// <param name="stage"><c>BeforeApp</c> or <c>AfterApp</c>.</param>
    /// <exception cref="InvalidContainerRunException">An empty command or a value that is not valid.</exception>
    public static ContainerRunStep Parse(string command, string? mounts = null, string? user = null, string? network = null, string? workingDirectory = null, string? stage = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = command.Trim();
        if (text.Length == 0)
        {
            throw new InvalidContainerRunException(command, ContainerRunSetting.Command, command, "empty");
        }

        var directory = NonEmpty(workingDirectory);
        if (directory is not null && !directory.StartsWith('/'))
        {
            throw new InvalidContainerRunException(text, ContainerRunSetting.WorkingDirectory, directory, "not an absolute path");
        }

        var account = NonEmpty(user);
        if (account is not null && (account.Any(char.IsWhiteSpace) || account.StartsWith(':') || account.EndsWith(':') || account.Count(c => c == ':') > 1))
        {
            throw new InvalidContainerRunException(text, ContainerRunSetting.User, account, "not a user[:group] name or id");
        }

        return new ContainerRunStep(text)
        {
            Mounts = ContainerRunMounts.Parse(text, mounts),
            User = account,
            Network = NonEmpty(network)?.ToLowerInvariant() switch
            {
                null or "default" => ExecNetwork.Sandbox,
                "none" => ExecNetwork.None,
                "host" => ExecNetwork.Host,
                _ => throw new InvalidContainerRunException(text, ContainerRunSetting.Network, network!, "not one of default, none or host"),
            },
            WorkingDirectory = directory,
            Stage = NonEmpty(stage) switch
            {
                null => ContainerRunStage.BeforeApp,
                var s when string.Equals(s, nameof(ContainerRunStage.BeforeApp), StringComparison.OrdinalIgnoreCase) => ContainerRunStage.BeforeApp,
                var s when string.Equals(s, nameof(ContainerRunStage.AfterApp), StringComparison.OrdinalIgnoreCase) => ContainerRunStage.AfterApp,
                _ => throw new InvalidContainerRunException(text, ContainerRunSetting.Stage, stage!, "neither BeforeApp nor AfterApp"),
            },
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
