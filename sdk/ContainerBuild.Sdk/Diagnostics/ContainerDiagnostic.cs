namespace ContainerBuild.Tasks.Diagnostics;

/// <summary>One MSBuild error: its stable code and a message that says what happened and what to do.</summary>
public sealed record ContainerDiagnostic(string Code, string Message);
