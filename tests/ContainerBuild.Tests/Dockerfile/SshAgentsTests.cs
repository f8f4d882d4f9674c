using System.Net.Sockets;
using ContainerBuild.Dockerfile;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>--ssh: default from SSH_AUTH_SOCK, ID=SOCKET, and key files refused with what to do.</summary>
public sealed class SshAgentsTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-ssh");
    private readonly Socket agent;
    private readonly string socketPath;

    public SshAgentsTests()
    {
        socketPath = temp.Combine("agent.sock");
        agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        agent.Bind(new UnixDomainSocketEndPoint(socketPath));
        agent.Listen();
    }

    public void Dispose()
    {
        agent.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Default_is_the_agent_at_SSH_AUTH_SOCK_and_an_id_may_name_its_socket()
    {
        var agents = SshAgents.Parse(["default", "work=agent.sock"], new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socketPath }, temp.Path);

        Assert.Equal(new Dictionary<string, string> { ["default"] = socketPath, ["work"] = socketPath }, agents);
    }

    [Fact]
    public void Default_without_SSH_AUTH_SOCK_says_to_start_an_agent()
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => SshAgents.Parse(["default"], new Dictionary<string, string?>(), temp.Path));

        Assert.Contains("SSH_AUTH_SOCK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_is_refused_with_what_to_do_instead()
    {
        File.WriteAllText(temp.Combine("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");

        var error = Assert.Throws<InvalidBuildOptionException>(() => SshAgents.Parse(["default=id_ed25519"], new Dictionary<string, string?>(), temp.Path));

        Assert.Contains("ssh-add", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_socket_is_refused()
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => SshAgents.Parse(["default=nope.sock"], new Dictionary<string, string?>(), temp.Path));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
