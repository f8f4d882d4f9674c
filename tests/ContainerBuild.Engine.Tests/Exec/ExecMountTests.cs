using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>Bind and tmpfs mounts, and the mount stubs the runtime leaves in the root filesystem.</summary>
public sealed class ExecMountTests(ExecImages images)
{
    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task A_rw_bind_mount_receives_writes_and_a_ro_one_refuses_them(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();
        var output = Directory.CreateDirectory(harness.Root.Combine("out")).FullName;
        var input = Directory.CreateDirectory(harness.Root.Combine("in")).FullName;
        await File.WriteAllTextAsync(Path.Combine(input, "given"), "from host\n", ExecHarness.Token);
        var request = new ExecRequest { Args = [], Mounts = [new BindMount(input, "/in", ReadOnly: true), new BindMount(output, "/out")] };

        var printed = await harness.ShAsync(rootfs, "cat /in/given; echo written > /out/made; touch /in/nope 2>&1 || echo refused", request);

        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(output, "made"), ExecHarness.Token));
        Assert.StartsWith("from host\n", printed, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", printed, StringComparison.Ordinal);
        Assert.EndsWith("refused", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(input, "nope")));
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task A_tmpfs_mount_is_a_sized_tmpfs_whose_files_never_reach_the_rootfs(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();
        var request = new ExecRequest { Args = [], Mounts = [new TmpfsMount("/scratch", 8 * 1024 * 1024)] };

        var printed = await harness.ShAsync(rootfs, "echo data > /scratch/file && cat /scratch/file; grep ' /scratch ' /proc/mounts", request);

        var lines = printed.Split('\n');
        Assert.Equal("data", lines[0]);
        Assert.StartsWith("tmpfs /scratch tmpfs rw,nosuid,nodev", lines[1], StringComparison.Ordinal);
        Assert.Contains("size=8192k", lines[1], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(rootfs, "scratch")), "the stub the runtime made for the mount point is removed");
    }

    [Fact]
    public async Task Mount_targets_missing_from_the_rootfs_leave_no_stub_behind_but_what_the_command_wrote_stays()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();
        var host = Directory.CreateDirectory(harness.Root.Combine("host")).FullName;
        var hostFile = harness.Root.Combine("host-file");
        await File.WriteAllTextAsync(hostFile, "f", ExecHarness.Token);
        var hadHosts = File.Exists(Path.Combine(rootfs, "etc", "hosts"));
        var hadResolv = File.Exists(Path.Combine(rootfs, "etc", "resolv.conf"));
        var request = new ExecRequest { Args = [], Mounts = [new BindMount(host, "/deep/new/dir"), new BindMount(hostFile, "/opt/one-file", ReadOnly: true)] };

        await harness.ShAsync(rootfs, "mkdir -p /kept && echo made > /kept/file", request);

        Assert.False(Directory.Exists(Path.Combine(rootfs, "deep")));
        Assert.False(Directory.Exists(Path.Combine(rootfs, "opt")));
        Assert.Equal(hadHosts, File.Exists(Path.Combine(rootfs, "etc", "hosts")));
        Assert.Equal(hadResolv, File.Exists(Path.Combine(rootfs, "etc", "resolv.conf")));
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(rootfs, "kept", "file"), ExecHarness.Token));
    }
}
