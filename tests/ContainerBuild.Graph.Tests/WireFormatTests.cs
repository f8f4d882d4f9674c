using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;
using Platform = ContainerBuild.Oci.Platform;
using Google.Protobuf;
using static ContainerBuild.Graph.Tests.Wire;

namespace ContainerBuild.Graph.Tests;

/// <summary>
/// The op bytes follow Go's deterministic marshal (reference section 1.7): fields in number order,
/// defaults left out, set-but-empty messages written, oneof members written even at their default,
/// map entries sorted with key and value always present. Expected bytes are written out by hand.
/// </summary>
public sealed class WireFormatTests
{
    [Fact]
    public void The_reference_mkfile_example_marshals_to_the_bytes_Go_writes()
    {
        var state = State.Scratch().File(FileActions.Mkfile("/hello", 420 /* 0644 */, "hi\n"));

        var definition = state.Marshal(Platform.LinuxAmd64);

        var expected = Concat(
            Len(4, // file
                Len(2, // actions
                    Int(1, -1), Int(2, -1), // input, secondaryInput: scratch; output 0 is left out
                    Len(5, Str(1, "/hello"), Int(2, 420), Str(3, "hi\n"), Int(5, -1)))),
            Len(11)); // constraints: {} (5a 00)
        Assert.Equal(2, definition.Ops.Count);
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(definition.Ops[0].Bytes.Span));
        Assert.Equal(Digest.Compute(expected), definition.Ops[0].Digest);
        Assert.Equal("5a00", Convert.ToHexStringLower(definition.Ops[0].Bytes.Span[^2..]));
    }

    [Fact]
    public void An_image_source_records_its_platform_and_empty_constraints()
    {
        var definition = State.Image("busybox", Platform.LinuxArm64).Marshal(Platform.LinuxAmd64);

        var expected = Concat(
            Len(3, Str(1, "docker-image://docker.io/library/busybox:latest")),
            Len(10, Str(1, "arm64"), Str(2, "linux")),
            Len(11));
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(definition.Ops[0].Bytes.Span));
    }

    [Fact]
    public void The_terminal_op_holds_only_the_result_input()
    {
        var definition = State.Image("busybox", Platform.LinuxAmd64).Marshal();
        var source = definition.Ops[0].Digest;

        var expected = Len(1, Str(1, source.ToString()));
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(definition.Ops[^1].Bytes.Span));
        Assert.True(definition.Ops[^1].IsTerminal);
        Assert.Equal(new LlbInput(source, 0), definition.Result);
    }

    [Fact]
    public void Attr_map_entries_are_sorted_by_key_byte_wise()
    {
        var definition = State.Local("context", new LocalOptions
        {
            SharedKeyHint = "hint",
            UniqueId = "u1",
            ExcludePatterns = ["bin", "obj"],
            IncludePatterns = ["src"],
            FollowPaths = ["Dockerfile"],
        }).Marshal();

        var expected = Concat(
            Len(3,
                Str(1, "local://context"),
                Len(2, Str(1, "local.excludepatterns"), Str(2, "[\"bin\",\"obj\"]")),
                Len(2, Str(1, "local.followpaths"), Str(2, "[\"Dockerfile\"]")),
                Len(2, Str(1, "local.includepattern"), Str(2, "[\"src\"]")),
                Len(2, Str(1, "local.sharedkeyhint"), Str(2, "hint")),
                Len(2, Str(1, "local.unique"), Str(2, "u1"))),
            Len(11));
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(definition.Ops[0].Bytes.Span));
    }

    [Fact]
    public void A_map_entry_with_an_empty_value_still_writes_key_and_value()
    {
        var entry = new StringMapEntry { Key = "a", Value = "" };

        Assert.Equal(Convert.ToHexStringLower(Concat(Str(1, "a"), Str(2, ""))), Convert.ToHexStringLower(entry.ToByteArray()));
    }

    [Fact]
    public void A_user_by_id_zero_is_written_because_it_is_a_oneof_member()
    {
        var user = new UserOpt { ByID = 0 };

        Assert.Equal("1000", Convert.ToHexStringLower(user.ToByteArray()));
    }

    [Fact]
    public void Negative_int32_and_int64_use_ten_byte_varints()
    {
        var copy = new FileActionCopy { Mode = -1, Timestamp = -1 };

        Assert.Equal(Convert.ToHexStringLower(Concat(Int(4, -1), Int(11, -1))), Convert.ToHexStringLower(copy.ToByteArray()));
        Assert.Equal(22, copy.ToByteArray().Length);
    }

    [Fact]
    public void Definition_metadata_is_keyed_by_digest_in_sorted_order_with_sorted_caps()
    {
        var image = State.Image("busybox", Platform.LinuxAmd64).WithCustomName("base");
        var definition = image.File(FileActions.Mkdir("/app", 493)).WithCustomName("mkdir").Marshal();

        var proto = definition.ToProto();
        var keys = proto.Metadata.Select(e => e.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(definition.Ops.Select(o => o.Digest.ToString()).Order(StringComparer.Ordinal), keys);
        foreach (var entry in proto.Metadata)
        {
            var caps = entry.Value.Caps.Select(c => c.Key).ToList();
            Assert.Equal(caps.Order(StringComparer.Ordinal), caps);
        }

        Assert.Equal("base", definition.GetCustomName(definition.Ops[0].Digest));
        Assert.Equal("mkdir", definition.GetCustomName(definition.Ops[1].Digest));
        var terminalCaps = definition.GetMetadata(definition.Ops[2].Digest)!.Caps.Select(c => c.Key);
        Assert.Equal(["constraints", "meta.description", "platform"], terminalCaps);
    }

    [Fact]
    public void Parsing_and_marshalling_again_gives_the_same_bytes()
    {
        var definition = Scenarios.All().Select(s => s.Build()).Last();
        var bytes = definition.ToByteArray();

        var parsed = LlbDefinition.Parse(bytes);

        Assert.Equal(bytes, parsed.ToByteArray());
        foreach (var op in parsed.Ops)
        {
            Assert.Equal(op.Bytes.ToArray(), ParseOp(op.Bytes).ToByteArray());
        }
    }
}
