namespace ContainerBuild.Graph;

/// <summary>Groups vertices under one line of progress (<c>OpMetadata.progress_group</c>, BuildKit v0.10+).</summary>
public sealed record OpProgressGroup(string Id, string Name, bool Weak = false);
