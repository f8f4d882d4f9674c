using ContainerBuild.Engine.Ops;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>Owners by name, resolved from the base image's /etc/passwd and /etc/group.</summary>
public sealed class OwnerTests
{
    private static readonly string Debian = OpsHarness.Image("debian:bookworm-slim");

    [Theory]
    [InlineData("games", "5:60")]
    [InlineData("nobody", "65534:65534")]
    [InlineData("games:nogroup", "5:65534")]
    [InlineData("1234", "1234:1234")]
    [InlineData("nobody:0", "65534:0")]
    public async Task Names_resolve_from_the_base_images_passwd_and_group(string owner, string expected)
    {
        Requires.Registry();
        using var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("file.txt", "owned"));
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var state = State.Image(Debian).CopyStep(State.Local("context"), "file.txt", "/srv/owned/", DockerCopy.Copy with { Owner = FileOwner.Parse(owner) });

        var solved = await harness.SolveAsync(state);

        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        var file = Assert.Single(items, i => i.Path == "srv/owned/file.txt");
        Assert.Equal(expected, $"{file.Uid}:{file.Gid}");

        // The directory the copy made takes the copy's owner; /srv was in the base and keeps its own.
        Assert.Equal(expected, items.Single(i => i.Path == "srv/owned") is var made ? $"{made.Uid}:{made.Gid}" : "");
        Assert.Equal("0:0", items.Single(i => i.Path == "srv") is var kept ? $"{kept.Uid}:{kept.Gid}" : "");
    }

    [Fact]
    public async Task An_unknown_name_fails_naming_it()
    {
        Requires.Registry();
        using var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("file.txt", "owned"));
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var state = State.Image(Debian).CopyStep(State.Local("context"), "file.txt", "/srv/", DockerCopy.Copy with { Owner = FileOwner.Parse("nosuchuser") });

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(state));

        var inner = Assert.IsType<UnknownOwnerException>(error.InnerException);
        Assert.Equal("nosuchuser", inner.Name);
        Assert.False(inner.IsGroup);
    }
}
