using System.Text;

namespace ContainerBuild.Engine.Exec;

/// <summary>The /etc/hosts a RUN sees: loopback names, the container's hostname, and the extra hosts.</summary>
public static class HostsFile
{
    public static string Generate(string hostname, IEnumerable<ExtraHost> extraHosts)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        ArgumentNullException.ThrowIfNull(extraHosts);
        var text = new StringBuilder()
            .Append("127.0.0.1\tlocalhost ").Append(hostname).Append('\n')
            .Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        foreach (var extra in extraHosts)
        {
            text.Append(extra.Address).Append('\t').Append(extra.Host).Append('\n');
        }

        return text.ToString();
    }
}
