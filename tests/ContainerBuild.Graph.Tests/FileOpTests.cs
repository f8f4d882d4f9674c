using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;
using Platform = ContainerBuild.Oci.Platform;

namespace ContainerBuild.Graph.Tests;

/// <summary>FileOp.Marshal's index rules (reference section 1.4) and path resolution.</summary>
public sealed class FileOpTests
{
    private static readonly State Image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);

    private static Op FileOpOf(State state)
    {
        var definition = state.Marshal();
        return definition.Ops[^2].Op;
    }

    private static (long Input, long Secondary, long Output) Indexes(Pb.FileAction action) => (action.Input, action.SecondaryInput, action.Output);

    [Fact]
    public void A_chain_reads_the_previous_action_as_len_inputs_plus_k_and_only_the_last_has_an_output()
    {
        var local = State.Local("context");

        var op = FileOpOf(Image.File(FileActions.Mkdir("/a", 493).Mkfile("/a/b", 420, "x").Copy(local, "/src", "/a/")));

        Assert.Equal(2, op.Inputs.Count); // the image, then the copy source
        Assert.Null(op.Platform);
        Assert.Equal(
            [(0L, -1L, -1L), (2L, -1L, -1L), (3L, 1L, 0L)],
            op.File.Actions.Select(Indexes));
    }

    [Fact]
    public void On_scratch_the_first_action_reads_minus_one()
    {
        var op = FileOpOf(State.Scratch().File(FileActions.Mkdir("/a", 493).Mkdir("/a/b", 493)));

        Assert.Empty(op.Inputs);
        Assert.Equal([(-1L, -1L, -1L), (0L, -1L, 0L)], op.File.Actions.Select(Indexes));
    }

    [Fact]
    public void Copying_from_another_chain_of_the_same_op_names_that_chains_result()
    {
        var source = FileActions.Mkfile("/f", 420, "x").On(State.Scratch());

        var op = FileOpOf(Image.File(FileActions.Mkdir("/x", 493).Copy(source, "/f", "/x/f")));

        Assert.Single(op.Inputs);
        // mkdir (target 0), the source chain's mkfile on scratch (target 1), then the copy.
        Assert.Equal([(0L, -1L, -1L), (-1L, -1L, -1L), (1L, 2L, 0L)], op.File.Actions.Select(Indexes));
    }

    [Fact]
    public void The_same_input_is_listed_once()
    {
        var local = State.Local("context");

        var op = FileOpOf(Image.File(FileActions.Copy(local, "/a", "/a").Copy(local, "/b", "/b")));

        Assert.Equal(2, op.Inputs.Count);
        Assert.Equal([(0L, 1L, -1L), (2L, 1L, 0L)], op.File.Actions.Select(Indexes));
    }

    [Fact]
    public void A_named_owner_reads_its_names_from_the_actions_base_input_and_an_id_is_written_as_is()
    {
        var op = FileOpOf(Image.File(FileActions.Mkdir("/a", 493, new MkdirOptions { Owner = FileOwner.Parse("app:0") })));

        var owner = op.File.Actions[0].Mkdir.Owner;
        Assert.Equal("app", owner.User.ByName.Name);
        Assert.Equal(0, owner.User.ByName.Input);
        Assert.Equal(UserOpt.UserOneofCase.ByID, owner.Group.UserCase);
        Assert.Equal(0u, owner.Group.ByID);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_working_directory_and_a_destination_keeps_its_trailing_slash()
    {
        var source = State.Local("context").WithWorkingDir("/src");

        var op = FileOpOf(Image.WithWorkingDir("/app").WithWorkingDir("sub").File(
            FileActions.Mkdir("data", 493).Copy(source, "bin/../publish/", "./").Copy(source, "x", "out/.")));

        Assert.Equal("/app/sub/data", op.File.Actions[0].Mkdir.Path);
        Assert.Equal("/src/publish", op.File.Actions[1].Copy.Src);
        Assert.Equal("/app/sub/", op.File.Actions[1].Copy.Dest);
        Assert.Equal("/app/sub/out/.", op.File.Actions[2].Copy.Dest);
    }

    [Fact]
    public void Copy_defaults_keep_the_source_mode_and_time_and_a_timestamp_is_unix_nanoseconds()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1234);

        var op = FileOpOf(Image.File(FileActions.Copy(State.Local("c"), "/a", "/a").Copy(State.Local("c"), "/b", "/b", new CopyOptions { Timestamp = at, Mode = 493 })));

        Assert.Equal(-1, op.File.Actions[0].Copy.Mode);
        Assert.Equal(-1, op.File.Actions[0].Copy.Timestamp);
        Assert.Equal(493, op.File.Actions[1].Copy.Mode);
        Assert.Equal((1_700_000_000L * 10_000_000 + 1234) * 100, op.File.Actions[1].Copy.Timestamp);
    }
}
