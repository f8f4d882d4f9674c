using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>A BuildKit worker (<c>WorkerRecord</c>): what it builds for and how its cache is collected.</summary>
/// <param name="Id">The worker ID (dockerd's is <c>moby</c>).</param>
/// <param name="Labels">Worker labels such as <c>org.mobyproject.buildkit.worker.executor</c>.</param>
/// <param name="Platforms">Platforms it can run, the first being its native one.</param>
/// <param name="GcPolicies">Garbage-collection rules, in the order they apply.</param>
/// <param name="Version">The BuildKit version, reported by v0.11 and later; null before.</param>
public sealed record BuildKitWorker(
    string Id,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<BuildKitGcPolicy> GcPolicies,
    BuildKitVersion? Version);
