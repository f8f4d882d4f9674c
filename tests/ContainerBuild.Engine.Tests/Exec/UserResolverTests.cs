using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>user[:group] resolved from a root filesystem's /etc/passwd and /etc/group with runc's rules.</summary>
public sealed class UserResolverTests : IDisposable
{
    private readonly TempDirectory rootfs = new("cb-rootfs");

    public UserResolverTests()
    {
        Directory.CreateDirectory(rootfs.Combine("etc"));
        File.WriteAllText(rootfs.Combine("etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n# comment\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(rootfs.Combine("etc", "group"), "root:x:0:\nwheel:x:10:root,app\naudio:x:29:app\napp:x:1000:\nnogroup:x:65534:\n");
    }

    public void Dispose() => rootfs.Dispose();

    [Fact]
    public void A_name_gives_its_ids_and_the_groups_that_list_it()
    {
        Assert.Equal(new ExecUser(1000, 1000, [10, 29]), UserResolver.Resolve(rootfs.Path, "app"));
    }

    [Fact]
    public void A_number_in_passwd_is_that_user_with_its_groups_and_one_not_in_passwd_has_group_0()
    {
        Assert.Equal(new ExecUser(1000, 1000, [10, 29]), UserResolver.Resolve(rootfs.Path, "1000"));
        Assert.Equal(new ExecUser(4242, 0, []), UserResolver.Resolve(rootfs.Path, "4242"));
    }

    [Fact]
    public void A_named_group_replaces_the_primary_group_and_drops_the_supplementary_ones()
    {
        Assert.Equal(new ExecUser(1000, 29, []), UserResolver.Resolve(rootfs.Path, "app:audio"));
        Assert.Equal(new ExecUser(5, 7, []), UserResolver.Resolve(rootfs.Path, "5:7"));
    }

    [Fact]
    public void Empty_is_root_and_unknown_names_are_typed_errors()
    {
        Assert.Equal(ExecUser.Root, UserResolver.Resolve(rootfs.Path, null));
        Assert.False(Assert.Throws<ExecUserNotFoundException>(() => UserResolver.Resolve(rootfs.Path, "ghost")).IsGroup);
        Assert.True(Assert.Throws<ExecUserNotFoundException>(() => UserResolver.Resolve(rootfs.Path, "app:ghosts")).IsGroup);
    }
}
