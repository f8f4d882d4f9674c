namespace ContainerBuild.Driver.BuildKit;

/// <summary>One garbage-collection rule of a worker.</summary>
/// <param name="All">Whether it applies to every record, shared and internal ones too.</param>
/// <param name="KeepDuration">Records used within this long are kept.</param>
/// <param name="ReservedSpace">Bytes kept regardless (<c>keepBytes</c> before v0.17).</param>
/// <param name="Filters">Record filters it applies to.</param>
public sealed record BuildKitGcPolicy(bool All, TimeSpan KeepDuration, long ReservedSpace, IReadOnlyList<string> Filters);
