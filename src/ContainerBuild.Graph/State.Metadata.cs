namespace ContainerBuild.Graph;

public sealed partial class State
{
    public State WithMetadata(ImageMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new State(Output, metadata);
    }

    public State WithMetadata(Func<ImageMetadata, ImageMetadata> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithMetadata(change(Metadata));
    }

    /// <summary>Sets an env variable, replacing it in place when set.</summary>
    public State WithEnv(string name, string value) => WithMetadata(Metadata.WithEnv(name, value));

    /// <summary>Sets the working directory; a relative one is resolved against the current one.</summary>
    public State WithWorkingDir(string directory) => WithMetadata(Metadata.WithWorkingDir(directory));

    public State WithUser(string? user) => WithMetadata(Metadata with { User = user });

    public State WithEntrypoint(params string[]? entrypoint) => WithMetadata(Metadata with { Entrypoint = entrypoint is null ? null : [.. entrypoint] });

    public State WithCmd(params string[]? cmd) => WithMetadata(Metadata with { Cmd = cmd is null ? null : [.. cmd] });

    public State WithLabel(string key, string value) => WithMetadata(Metadata with { Labels = Metadata.Labels.SetItem(key, value) });

    /// <summary>Exposes a port, <c>8080</c> or <c>8080/udp</c> (tcp when no protocol is given).</summary>
    public State WithExposedPort(string port)
    {
        ArgumentException.ThrowIfNullOrEmpty(port);
        return WithMetadata(Metadata with { ExposedPorts = Metadata.ExposedPorts.Add(port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp") });
    }

    public State WithStopSignal(string? signal) => WithMetadata(Metadata with { StopSignal = signal });

    public State WithHealthcheck(Oci.HealthCheck? healthcheck) => WithMetadata(Metadata with { Healthcheck = healthcheck });

    public State WithVolume(string path) => WithMetadata(Metadata with { Volumes = Metadata.Volumes.Add(path) });

    public State WithShell(params string[]? shell) => WithMetadata(Metadata with { Shell = shell is null ? null : [.. shell] });

    public State WithOnBuild(string trigger) => WithMetadata(Metadata with { OnBuild = Metadata.OnBuild.Add(trigger) });

    /// <summary>The platform that RUN ops of this state use (an image source records its own).</summary>
    public State WithPlatform(Oci.Platform? platform) => WithMetadata(Metadata with { Platform = platform });
}
