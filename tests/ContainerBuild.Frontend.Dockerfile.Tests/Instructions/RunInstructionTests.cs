using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class RunInstructionTests
{
    [Fact]
    public void A_nuget_cache_mount_is_read_into_its_options()
    {
        var run = Single<RunInstruction>("RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages,sharing=locked dotnet restore");

        var mount = Assert.Single(run.Mounts);
        Assert.Equal(MountType.Cache, mount.Type);
        Assert.Equal("nuget", mount.Id);
        Assert.Equal("/root/.nuget/packages", mount.Target);
        Assert.Equal(CacheSharing.Locked, mount.Sharing);
        Assert.False(mount.ReadOnly);
        Assert.Equal("type=cache,id=nuget,target=/root/.nuget/packages,sharing=locked", mount.Text);
        Assert.Equal(["dotnet restore"], run.Command.Arguments);
    }

    public static TheoryData<string, MountSpec> MountCases => new()
    {
        { "target=/src", new MountSpec { Text = "target=/src", Type = MountType.Bind, Target = "/src", ReadOnly = true } },
        { "type=bind,source=.,target=/src,rw", new MountSpec { Text = "type=bind,source=.,target=/src,rw", Type = MountType.Bind, Source = ".", Target = "/src", ReadOnly = false } },
        { "type=bind,from=build,src=/out,dst=/in", new MountSpec { Text = "type=bind,from=build,src=/out,dst=/in", From = "build", Source = "/out", Target = "/in", ReadOnly = true } },
        { "type=bind,destination=/d,readwrite=true", new MountSpec { Text = "type=bind,destination=/d,readwrite=true", Target = "/d", ReadOnly = false } },
        { "type=cache,target=/c,ro", new MountSpec { Text = "type=cache,target=/c,ro", Type = MountType.Cache, Target = "/c", ReadOnly = true } },
        { "type=cache,target=/c,readonly=false,mode=0755,uid=1000,gid=1001", new MountSpec { Text = "type=cache,target=/c,readonly=false,mode=0755,uid=1000,gid=1001", Type = MountType.Cache, Target = "/c", Mode = 493, Uid = 1000, Gid = 1001 } },
        { "Type=CACHE,Target=/c,Sharing=PRIVATE", new MountSpec { Text = "Type=CACHE,Target=/c,Sharing=PRIVATE", Type = MountType.Cache, Target = "/c", Sharing = CacheSharing.Private } },
        { "type=tmpfs,target=/tmp,size=64m", new MountSpec { Text = "type=tmpfs,target=/tmp,size=64m", Type = MountType.Tmpfs, Target = "/tmp", Size = 64 * 1024 * 1024 } },
        { "type=tmpfs,target=/tmp,size=1024", new MountSpec { Text = "type=tmpfs,target=/tmp,size=1024", Type = MountType.Tmpfs, Target = "/tmp", Size = 1024 } },
        { "type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400,uid=1000", new MountSpec { Text = "type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400,uid=1000", Type = MountType.Secret, Id = "npmrc", Target = "/root/.npmrc", Required = true, Mode = 256, Uid = 1000, ReadOnly = true } },
        { "type=secret,id=TOKEN,env=TOKEN", new MountSpec { Text = "type=secret,id=TOKEN,env=TOKEN", Type = MountType.Secret, Id = "TOKEN", Env = "TOKEN", ReadOnly = true } },
        { "type=secret,source=aws,required=false", new MountSpec { Text = "type=secret,source=aws,required=false", Type = MountType.Secret, Source = "aws", ReadOnly = true } },
        { "type=ssh", new MountSpec { Text = "type=ssh", Type = MountType.Ssh, ReadOnly = true } },
        { "type=ssh,id=github,required=true", new MountSpec { Text = "type=ssh,id=github,required=true", Type = MountType.Ssh, Id = "github", Required = true, ReadOnly = true } },
        { "type=bind,from=price$,target=/a", new MountSpec { Text = "type=bind,from=price$,target=/a", From = "price$", Target = "/a", ReadOnly = true } },
        { "\"type=bind\",target=/a", new MountSpec { Text = "type=bind,target=/a", Target = "/a", ReadOnly = true } },
    };

    [Theory]
    [MemberData(nameof(MountCases))]
    public void Mount_options_are_read_as_buildkit_reads_them(string flag, MountSpec expected)
    {
        var run = Single<RunInstruction>($"RUN --mount={flag} true");

        Assert.Equal(expected, Assert.Single(run.Mounts));
    }

    [Fact]
    public void Mount_values_with_variables_stay_raw_until_expanded_with_the_stages_variables()
    {
        var run = Single<RunInstruction>("RUN --mount=type=cache,target=$HOME/.cache,id=${CACHE_ID:-default},uid=$UID true");

        var raw = Assert.Single(run.Mounts);
        Assert.Equal("$HOME/.cache", raw.Target);
        Assert.Null(raw.Uid);
        var values = new Dictionary<string, string> { ["HOME"] = "/root", ["UID"] = "1000" };
        var expanded = Assert.Single(run.ExpandMounts(word => ContainerBuild.Frontend.Dockerfile.Expansion.ShellWordExpander.Default.ProcessWord(word, values.GetValueOrDefault)));
        Assert.Equal("/root/.cache", expanded.Target);
        Assert.Equal("default", expanded.Id);
        Assert.Equal(1000u, expanded.Uid);
        Assert.Equal(MountType.Cache, expanded.Type);
    }

    [Fact]
    public void Several_mounts_keep_their_order()
    {
        var run = Single<RunInstruction>("RUN --mount=type=cache,target=/a --mount=type=secret,id=s \\\n    --mount=type=bind,target=/c make");

        Assert.Equal([MountType.Cache, MountType.Secret, MountType.Bind], run.Mounts.Select(m => m.Type));
        Assert.Equal(["make"], run.Command.Arguments);
    }

    [Theory]
    [InlineData("type=foo,target=/x", "unsupported mount type \"foo\"")]
    [InlineData("type=cahce,target=/x", "unsupported mount type \"cahce\" (did you mean cache?)")]
    [InlineData("typo=cache,target=/x", "unexpected key 'typo' in 'typo=cache' (did you mean type?)")]
    [InlineData("type=cache", "cache mount requires a target")]
    [InlineData("type=cache,target=/x,bogus", "invalid field 'bogus' must be a key=value pair")]
    [InlineData("type=cache,target=/x,required", "unexpected key 'required' for mount type 'cache'")]
    [InlineData("type=bind,target=/x,mode=0755", "mode not allowed for \"bind\" type mounts")]
    [InlineData("type=tmpfs,target=/x,uid=1", "uid not allowed for \"tmpfs\" type mounts")]
    [InlineData("type=bind,target=/x,sharing=locked", "invalid cache sharing set for bind mount")]
    [InlineData("type=cache,target=/x,sharing=sometimes", "unsupported sharing value \"sometimes\"")]
    [InlineData("type=cache,target=/x,uid=abc", "invalid value abc for uid")]
    [InlineData("type=cache,target=/x,mode=0789", "invalid value 0789 for mode")]
    [InlineData("type=cache,target=/x,gid=99999999999", "invalid value 99999999999 for gid")]
    [InlineData("type=bind,target=/x,readonly=maybe", "invalid value for readonly: maybe")]
    [InlineData("type=tmpfs,target=/x,size=lots", "invalid value lots for size")]
    [InlineData("type=cache,target=/x,size=1m", "unexpected key 'size' for mount type 'cache'")]
    [InlineData("type=bind,target=/x,env=A", "unexpected key 'env' for mount type 'bind'")]
    [InlineData("type=secret,from=x,id=y", "secret mount should not have a from")]
    [InlineData("type=secret", "invalid secret mount. one of source, target required")]
    [InlineData("type=secret,source=a,id=b", "both source and id can't be set")]
    [InlineData("from=$STAGE,target=/x", "'from' doesn't support variable expansion, define alias stage instead")]
    [InlineData("type=bind,target=/a,b\\\"c", "failed to parse csv mounts: bare \" in non-quoted-field")]
    public void A_bad_mount_says_what_is_wrong_on_its_line(string flag, string reason)
    {
        var error = Error($"FROM scratch\nRUN --mount={flag} true\n");

        Assert.Equal(reason, error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("--network=none", RunNetwork.None)]
    [InlineData("--network=host", RunNetwork.Host)]
    [InlineData("--network=default", RunNetwork.Default)]
    public void Network_is_read(string flag, RunNetwork network)
    {
        Assert.Equal(network, Single<RunInstruction>($"RUN {flag} true").Network);
    }

    [Fact]
    public void Security_is_read_and_both_default_to_not_given()
    {
        Assert.Equal(RunSecurity.Insecure, Single<RunInstruction>("RUN --security=insecure true").Security);
        var plain = Single<RunInstruction>("RUN true");
        Assert.Null(plain.Security);
        Assert.Null(plain.Network);
        Assert.Empty(plain.Mounts);
    }

    [Theory]
    [InlineData("RUN --network=bridge true", "unsupported network mode \"bridge\"")]
    [InlineData("RUN --security=privileged true", "unsupported security mode \"privileged\"")]
    [InlineData("RUN --netwrk=none true", "unknown flag: netwrk (did you mean network?)")]
    [InlineData("RUN --network=none --network=host true", "duplicate flag specified: network")]
    [InlineData("RUN --mount true", "missing a value on flag: mount")]
    public void Bad_run_flags_say_what_is_wrong(string body, string reason)
    {
        Assert.Equal(reason, Error("FROM scratch\n" + body).Reason);
    }

    [Fact]
    public void A_lone_double_dash_ends_the_flags()
    {
        var run = Single<RunInstruction>("RUN --network=none -- --not-a-flag");

        Assert.Equal(RunNetwork.None, run.Network);
        Assert.Equal(["--not-a-flag"], run.Command.Arguments);
    }

    [Fact]
    public void A_run_with_flags_keeps_the_command_after_them()
    {
        var run = Single<RunInstruction>("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && \\\n    apt-get install -y curl");

        Assert.Equal(["apt-get update &&     apt-get install -y curl"], run.Command.Arguments);
        Assert.Equal(2, run.Location.StartLine);
        Assert.Equal(4, run.Location.EndLine);
    }
}
