namespace ContainerBuild.Engine.Exec;

/// <summary>A line added to the container's /etc/hosts (<c>--add-host name:ip</c>).</summary>
public sealed record ExtraHost(string Host, string Address);
