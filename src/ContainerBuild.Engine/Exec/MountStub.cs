namespace ContainerBuild.Engine.Exec;

/// <summary>A mount target the runtime will create: <see cref="FirstMissing"/> is the outermost element it adds.</summary>
public sealed record MountStub(string FirstMissing, string Target);
