using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph.Pb;
using MountType = ContainerBuild.Graph.Pb.MountType;
using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class RunMountTests
{
    [Fact]
    public async Task A_cache_mount_id_is_the_given_id_or_the_target_behind_a_slash_as_BuildKit_spells_it()
    {
        const string dockerfile = """
            FROM busybox
            WORKDIR /src
            RUN --mount=type=cache,target=/root/.nuget/packages --mount=type=cache,id=apt,target=/var/cache/apt,sharing=locked --mount=type=cache,target=obj dotnet restore
            """;

        var converted = await ConvertAsync(dockerfile);

        var mounts = converted.Exec.Mounts.Where(m => m.MountType == MountType.Cache).ToDictionary(m => m.Dest);
        Assert.Equal("//root/.nuget/packages", mounts["/root/.nuget/packages"].CacheOpt.ID);
        Assert.Equal(CacheSharingOpt.Shared, mounts["/root/.nuget/packages"].CacheOpt.Sharing);
        Assert.Equal("/apt", mounts["/var/cache/apt"].CacheOpt.ID);
        Assert.Equal(CacheSharingOpt.Locked, mounts["/var/cache/apt"].CacheOpt.Sharing);
        Assert.Equal("/obj", mounts["/src/obj"].CacheOpt.ID);
        Assert.All(mounts.Values, m => Assert.Equal(-1, m.Input));
    }

    [Fact]
    public async Task A_cache_mount_with_an_owner_starts_from_a_directory_made_with_it()
    {
        var converted = await ConvertAsync("FROM busybox\nRUN --mount=type=cache,target=/cache,uid=1000,gid=1000,mode=0700 true\n");

        var mount = Assert.Single(converted.Exec.Mounts, m => m.MountType == MountType.Cache);
        Assert.Equal("/cache", mount.Selector);
        Assert.NotEqual(-1, mount.Input);
        var mkdir = Assert.Single(converted.FileActions, a => a.Mkdir is not null).Mkdir;
        Assert.Equal("/cache", mkdir.Path);
        Assert.Equal(0x1c0, mkdir.Mode);
        Assert.Equal(1000u, mkdir.Owner.User.ByID);
    }

    [Fact]
    public async Task A_bind_mount_reads_the_context_or_a_stage_and_its_writes_are_dropped()
    {
        const string dockerfile = """
            FROM busybox AS tools
            RUN make-tools
            FROM busybox
            RUN --mount=type=bind,from=tools,source=/usr/local/bin,target=/tools --mount=target=/ctx,rw /tools/run
            """;

        var converted = await ConvertAsync(dockerfile);

        var run = converted.Execs.Single(e => e.Meta.Args[^1] == "/tools/run");
        var tools = Assert.Single(run.Mounts, m => m.Dest == "/tools");
        Assert.Equal("/usr/local/bin", tools.Selector);
        Assert.True(tools.Readonly);
        var context = Assert.Single(run.Mounts, m => m.Dest == "/ctx");
        Assert.False(context.Readonly);
        Assert.Equal(-1, context.Output);
        Assert.Contains("local://context", converted.Sources);
    }

    [Fact]
    public async Task Secret_ssh_and_tmpfs_mounts_take_the_defaults_BuildKit_gives()
    {
        const string dockerfile = """
            FROM busybox
            RUN --mount=type=secret,id=npmrc --mount=type=secret,id=key,target=/key,required=true,mode=0440 --mount=type=ssh --mount=type=tmpfs,target=/tmp,size=64m true
            """;

        var converted = await ConvertAsync(dockerfile);

        var mounts = converted.Exec.Mounts.ToDictionary(m => m.Dest);
        Assert.Equal("npmrc", mounts["/run/secrets/npmrc"].SecretOpt.ID);
        Assert.True(mounts["/run/secrets/npmrc"].SecretOpt.Optional);
        Assert.Equal(0x100u, mounts["/run/secrets/npmrc"].SecretOpt.Mode);
        Assert.False(mounts["/key"].SecretOpt.Optional);
        Assert.Equal(0x120u, mounts["/key"].SecretOpt.Mode);
        Assert.Equal("default", mounts["/run/buildkit/ssh_agent.0"].SSHOpt.ID);
        Assert.Equal(64L * 1024 * 1024, mounts["/tmp"].TmpfsOpt.Size);
        Assert.Equal("/run/buildkit/ssh_agent.0", Converted.EnvOf(converted.Exec, "SSH_AUTH_SOCK"));
    }

    [Fact]
    public async Task A_secret_with_env_is_an_env_var_of_the_run_masked_in_its_name_and_a_file_only_with_a_target()
    {
        const string dockerfile = """
            FROM busybox
            ENV TOKEN=not-the-secret
            RUN --mount=type=secret,id=token,env=TOKEN --mount=type=secret,id=key,env=KEY,target=/key,required=true curl -H "$TOKEN" $KEY
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(
            [("token", "TOKEN", true), ("key", "KEY", false)],
            converted.Exec.Secretenv.Select(s => (s.ID, s.Name, s.Optional)));
        var secretMount = Assert.Single(converted.Exec.Mounts, m => m.MountType == MountType.Secret);
        Assert.Equal(("/key", "key"), (secretMount.Dest, secretMount.SecretOpt.ID));
        Assert.DoesNotContain(converted.Exec.Mounts, m => m.Dest.StartsWith("/run/secrets", StringComparison.Ordinal));
        Assert.Equal("not-the-secret", Converted.EnvOf(converted.Exec, "TOKEN")); // the stage's env is untouched; the engine sets the secret over it
        Assert.Contains("[2/2] RUN --mount=type=secret,id=token,env=TOKEN --mount=type=secret,id=key,env=KEY,target=/key,required=true curl -H \"****\" ****", converted.Names);
        var caps = converted.MetadataOf(converted.Ops.Single(o => o.Op.Exec is not null)).Caps.Select(c => c.Key);
        Assert.Contains("exec.secretenv", caps);
        Assert.Contains("exec.mount.secret", caps);
    }

    [Fact]
    public async Task A_secret_with_env_needs_an_id_or_a_target()
    {
        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\nRUN --mount=type=secret,env=TOKEN true\n"));

        Assert.Contains("one of source, target required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mount_values_expand_with_the_stage_args()
    {
        var converted = await ConvertAsync("FROM busybox\nARG CACHE=/root/.cache\nRUN --mount=type=cache,target=$CACHE true\n");

        Assert.Single(converted.Exec.Mounts, m => m.Dest == "/root/.cache" && m.MountType == MountType.Cache);
    }

    [Fact]
    public async Task A_mount_at_the_root_is_an_error()
    {
        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\nRUN --mount=type=tmpfs,target=/ true\n"));
        Assert.Equal(2, error.Line);
    }
}
