using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// Mkdir with parents (WORKDIR) as fsutil's MkdirAll: a missing parent is made like the directory itself (its mode and
/// owner), one that exists stays exactly as it is, in a base image's layers as much as in the build's own.
/// </summary>
public sealed class MkdirParentsTests
{
    private static readonly string Busybox = OpsHarness.Image("busybox:amd64");

    private static int Octal(string mode) => Convert.ToInt32(mode, 8);

    [Fact]
    public async Task An_existing_parent_in_the_base_image_keeps_its_mode()
    {
        Requires.Registry();
        using var harness = new OpsHarness();

        // busybox's /tmp is 1777; WORKDIR /tmp/base must not turn it into 0755.
        var solved = await harness.SolveAsync(State.Image(Busybox)
            .File(FileActions.Mkdir("/tmp/base", Octal("755"), new MkdirOptions { MakeParents = true, Owner = FileOwner.FromIds(65534, 65534) })));

        Assert.Equal(
            ["d tmp 1777 0:0", "d tmp/base 755 65534:65534"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task Missing_parents_are_made_as_the_user_and_existing_ones_are_kept()
    {
        using var harness = new OpsHarness();
        var withUser = State.Scratch()
            .File(FileActions.Mkdir("/etc", Octal("755")).Mkfile("/etc/passwd", Octal("644"), "worker:x:4000:4001::/home/worker:/bin/sh\n"));

        var solved = await harness.SolveAsync(withUser
            .File(FileActions.Mkdir("/srv/worker-home/sub", Octal("755"), new MkdirOptions { MakeParents = true, Owner = FileOwner.Parse("worker") }))
            .File(FileActions.Mkdir("/srv/root-owned", Octal("755"), new MkdirOptions { MakeParents = true })));

        Assert.Equal(
            ["d srv 755 4000:4001", "d srv/worker-home 755 4000:4001", "d srv/worker-home/sub 755 4000:4001"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^2])).Select(i => i.ToString()));
        Assert.Equal(
            ["d srv 755 4000:4001", "d srv/root-owned 755 0:0"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task Mkdir_follows_links_on_its_path_within_the_root()
    {
        using var harness = new OpsHarness();
        var linked = State.Scratch().File(FileActions.Mkdir("/real/target", Octal("700"), new MkdirOptions { MakeParents = true })
            .Symlink("/real/target", "/via-link")
            .Symlink("../../..", "/real/up"));

        var solved = await harness.SolveAsync(linked
            .File(FileActions.Mkdir("/via-link/made", Octal("755"), new MkdirOptions { MakeParents = true })
                .Mkdir("/real/up/top", Octal("755"), new MkdirOptions { MakeParents = true })));

        // The made directory lands in the link's target, the escaping link stops at the root; the links stay links.
        Assert.Equal(
            ["d real 700 0:0", "d real/target 700 0:0", "d real/target/made 755 0:0", "d top 755 0:0"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task Mkdir_without_parents_fails_when_its_parent_is_missing_or_a_file()
    {
        using var harness = new OpsHarness();

        var missing = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(
            State.Scratch().File(FileActions.Mkdir("/no/such", Octal("755"))).WithCustomName("mkdir")));
        var file = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(
            State.Scratch().File(FileActions.Mkfile("/f", Octal("644"), "x")).File(FileActions.Mkdir("/f/sub", Octal("755"), new MkdirOptions { MakeParents = true })).WithCustomName("mkdir -p")));

        Assert.Equal("/no/such", Assert.IsType<Engine.Ops.FileOpException>(missing.InnerException).Path);
        Assert.Contains("'/f' exists and is not a directory", Assert.IsType<Engine.Ops.FileOpException>(file.InnerException).Message, StringComparison.Ordinal);
    }
}
