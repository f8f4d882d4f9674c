using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [--interval=..] [--timeout=..] [--start-period=..] [--start-interval=..]
/// [--retries=..] CMD command</c>. The test is the config's form: <c>["NONE"]</c>, <c>["CMD-SHELL", "text"]</c> or
/// <c>["CMD", args...]</c>, never expanded; the options are parsed (Go durations), not expanded, as BuildKit does.
/// </summary>
public sealed record HealthcheckInstruction : Instruction
{
    public override string Keyword => "HEALTHCHECK";

    public required IReadOnlyList<string> Test { get; init; }

    /// <summary><c>HEALTHCHECK NONE</c>: disables an inherited check.</summary>
    public bool IsNone => Test.Count == 1 && Test[0] == "NONE";

    /// <summary>Null when not given or zero (the runtime's default).</summary>
    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    public TimeSpan? StartInterval { get; init; }

    /// <summary>Null when not given.</summary>
    public int? Retries { get; init; }

    /// <summary>The image config's health check.</summary>
    public HealthCheck ToHealthCheck() => new()
    {
        Test = Test,
        Interval = Interval,
        Timeout = Timeout,
        StartPeriod = StartPeriod,
        StartInterval = StartInterval,
        Retries = Retries is 0 ? null : Retries,
    };
}
