namespace ContainerBuild.DotNet;

/// <summary>Where a <see cref="ContainerRunStep"/> runs in a .NET image's graph (<c>ContainerRun</c>'s <c>Stage</c>).</summary>
public enum ContainerRunStage
{
    /// <summary>On the base image, below the app's layers: a change in the app never runs it again.</summary>
    BeforeApp,

    /// <summary>On the image with the app's files in place: it sees them, and runs again whenever they change.</summary>
    AfterApp,
}
