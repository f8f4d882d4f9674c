using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;
using Platform = ContainerBuild.Oci.Platform;

namespace ContainerBuild.Graph.Tests;

/// <summary>The exec op's data model: mounts sorted by target, output numbering, env and platform (reference section 1.3).</summary>
public sealed class ExecTests
{
    private static readonly State Image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);

    [Fact]
    public void Mounts_are_sorted_by_target_and_only_writable_binds_get_outputs()
    {
        var exec = Image.WithWorkingDir("/w").Run(new RunOptions
        {
            Args = ["true"],
            Mounts =
            [
                new BindMount("/out", State.Scratch()),
                new CacheMount("/cache", "c") { Sharing = CacheSharing.Private },
                new BindMount("/src", State.Local("ctx")) { Readonly = true, Selector = "sub" },
                new SecretMount("/run/s", "s"),
                new TmpfsMount("/tmp"),
                new SshMount("/run/ssh"),
            ],
        });

        var definition = exec.Root.Marshal();
        var op = definition.Ops[^2].Op;
        var mounts = op.Exec.Mounts;
        Assert.Equal(["/", "/cache", "/out", "/run/s", "/run/ssh", "/src", "/tmp"], mounts.Select(m => m.Dest));
        Assert.Equal([0L, -1L, 1L, -1L, -1L, -1L, -1L], mounts.Select(m => m.Output));
        Assert.Equal([0L, -1L, -1L, -1L, -1L, 1L, -1L], mounts.Select(m => m.Input));
        Assert.Equal([MountType.Bind, MountType.Cache, MountType.Bind, MountType.Secret, MountType.Ssh, MountType.Bind, MountType.Tmpfs], mounts.Select(m => m.MountType));
        Assert.Equal(CacheSharingOpt.Private, mounts[1].CacheOpt.Sharing);
        Assert.Equal("sub", mounts[5].Selector);
        Assert.Equal(0x100u, mounts[3].SecretOpt.Mode);
        Assert.Equal("/w", op.Exec.Meta.Cwd);
        Assert.Contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", op.Exec.Meta.Env);
        Assert.Contains("SSH_AUTH_SOCK=/run/ssh", op.Exec.Meta.Env);
        Assert.Equal("amd64", op.Platform.Architecture);
        Assert.Equal(["exec.mount.cache", "exec.mount.secret", "exec.mount.ssh"], definition.GetMetadata(definition.Ops[^2].Digest)!.Caps.Select(c => c.Key));

        Assert.Equal(1, exec.GetMount("/out").Marshal().Result!.Value.Index);
        Assert.Throws<InvalidOperationException>(() => exec.GetMount("/cache"));
    }

    [Fact]
    public void A_read_only_root_leaves_the_state_as_it_was()
    {
        var exec = Image.Run(new RunOptions { Args = ["true"], ReadonlyRootFilesystem = true, Mounts = [new BindMount("/out", State.Scratch())] });

        Assert.Same(Image, exec.Root);
        Assert.Equal(0, exec.GetMount("/out").Marshal().Result!.Value.Index);
    }

    [Fact]
    public void A_run_needs_arguments_and_distinct_absolute_targets()
    {
        Assert.Throws<ArgumentException>(() => Image.Run(new RunOptions { Args = [] }));
        Assert.Throws<ArgumentException>(() => Image.Run(new RunOptions { Args = ["x"], Mounts = [new TmpfsMount("tmp")] }));
        Assert.Throws<ArgumentException>(() => Image.Run(new RunOptions { Args = ["x"], Mounts = [new TmpfsMount("/t"), new TmpfsMount("/t")] }));
    }
}
