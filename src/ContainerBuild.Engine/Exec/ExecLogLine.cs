namespace ContainerBuild.Engine.Exec;

/// <summary>One line a RUN wrote, without its line break.</summary>
/// <param name="Stream">1 for stdout, 2 for stderr (BuildKit's numbering).</param>
/// <param name="Text">The line, decoded as UTF-8; a very long line arrives in pieces.</param>
/// <param name="Timestamp">When the executor read it.</param>
public sealed record ExecLogLine(int Stream, string Text, DateTimeOffset Timestamp);
