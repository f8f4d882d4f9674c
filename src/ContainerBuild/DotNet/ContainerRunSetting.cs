namespace ContainerBuild.DotNet;

/// <summary>The part of a <c>ContainerRun</c> item that <see cref="InvalidContainerRunException"/> rejects: the command or one of its metadata.</summary>
public enum ContainerRunSetting
{
    Command,
    Mounts,
    User,
    Network,
    WorkingDirectory,
    Stage,
}
