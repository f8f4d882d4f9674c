using System.Net.Sockets;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// <c>--ssh</c> as buildx reads it: <c>default</c> (the agent at <c>$SSH_AUTH_SOCK</c>), <c>ID</c>, or <c>ID=SOCKET</c>.
/// Only agent sockets are forwarded; BuildKit's key files (<c>ID=~/.ssh/id_ed25519</c>) are refused with what to do instead.
/// </summary>
public static class SshAgents
{
    public const string DefaultId = "default";

    public static Dictionary<string, string> Parse(IEnumerable<string> specs, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(environment);
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var id = (equals < 0 ? spec : spec[..equals]).Trim();
            if (id.Length == 0)
            {
                throw Invalid(spec, "it has no id");
            }

            var paths = equals < 0 ? [] : spec[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (paths.Length > 1)
            {
                throw Invalid(spec, "only one agent socket per id is supported");
            }

            var socket = paths.Length == 1 ? paths[0]
                : environment.TryGetValue("SSH_AUTH_SOCK", out var fromEnvironment) && !string.IsNullOrEmpty(fromEnvironment) ? fromEnvironment
                : throw Invalid(spec, "SSH_AUTH_SOCK is not set; start an agent (eval $(ssh-agent) && ssh-add) or give ID=SOCKET");
            var path = Path.GetFullPath(socket, workingDirectory ?? Directory.GetCurrentDirectory());
            if (!File.Exists(path))
            {
                throw Invalid(spec, $"'{path}' does not exist");
            }

            if (!IsListeningSocket(path))
            {
                throw Invalid(spec, $"'{path}' is not a listening ssh agent socket; key files are not forwarded: load the key into an agent (ssh-add KEY) and pass its socket");
            }

            agents[id] = path;
        }

        return agents;
    }

    private static bool IsListeningSocket(string path)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static InvalidBuildOptionException Invalid(string spec, string why) =>
        new("--ssh", spec, $"--ssh '{spec}': {why}. Write default, or ID=SOCKET.");
}
