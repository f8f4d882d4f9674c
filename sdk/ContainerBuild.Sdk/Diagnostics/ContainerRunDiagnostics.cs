using ContainerBuild.DotNet;

namespace ContainerBuild.Tasks.Diagnostics;

/// <summary>A <c>ContainerRun</c> item the orchestration rejects (<see cref="InvalidContainerRunException"/>) as CONTAINERBUILD012, with what to write instead.</summary>
public static class ContainerRunDiagnostics
{
    public static ContainerDiagnostic Describe(InvalidContainerRunException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var help = exception.Setting switch
        {
            ContainerRunSetting.Mounts =>
                "Write Dockerfile RUN --mount values separated by ';': type=cache,target=DIR[,id=ID][,sharing=shared|private|locked][,mode=0755][,uid=N][,gid=N][,ro] or type=tmpfs,target=DIR[,size=64m].",
            ContainerRunSetting.Network => "Set Network to default, none or host.",
            ContainerRunSetting.Stage => "Set Stage to BeforeApp (runs on the base image, below the app's layers) or AfterApp (runs on the image with the app's files).",
            ContainerRunSetting.WorkingDirectory => "Set WorkingDirectory to an absolute path in the image, such as /app, or leave it out.",
            ContainerRunSetting.User => "Set User to a user name or id, optionally with :group, such as root or 1654:1654, or leave it out to run as root.",
            _ => "Put the shell command in the item's Include, or in its Command metadata when it holds ';' or wildcards.",
        };
        return new ContainerDiagnostic(
            DiagnosticCodes.InvalidContainerRun,
            $"ContainerRun '{exception.Step}' has {exception.Setting} '{exception.Value}', which cannot be used: {exception.Reason}. {help}");
    }
}
