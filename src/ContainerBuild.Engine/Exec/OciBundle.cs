using System.Text.Json.Nodes;

namespace ContainerBuild.Engine.Exec;

/// <summary>A prepared OCI bundle: config.json and the generated files it mounts, beside a root filesystem.</summary>
/// <param name="Directory">The bundle directory (<c>runc run --bundle</c>).</param>
/// <param name="Spec">The runtime spec written to config.json.</param>
/// <param name="Stubs">Mount targets the runtime will create in the root filesystem; remove them after the run.</param>
public sealed record OciBundle(string Directory, JsonObject Spec, IReadOnlyList<MountStub> Stubs)
{
    public string ConfigPath => Path.Combine(Directory, "config.json");
}
