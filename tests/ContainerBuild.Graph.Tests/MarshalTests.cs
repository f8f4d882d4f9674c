using ContainerBuild.Oci;
using Google.Protobuf;

namespace ContainerBuild.Graph.Tests;

/// <summary>The Definition: one entry per distinct op, dependencies first, terminal last, the same bytes every time.</summary>
public sealed class MarshalTests
{
    [Fact]
    public void Identical_ops_built_separately_appear_once()
    {
        var left = State.Image("busybox", Platform.LinuxAmd64).File(FileActions.Mkdir("/a", 493));
        var right = State.Image("busybox", Platform.LinuxAmd64).File(FileActions.Mkdir("/b", 493));

        var definition = State.Merge([left, right]).Marshal();

        Assert.Equal(5, definition.Ops.Count); // image, mkdir /a, mkdir /b, merge, terminal
        Assert.Equal(definition.Ops.Count, definition.Ops.Select(o => o.Digest).Distinct().Count());
    }

    [Fact]
    public void Every_input_appears_before_the_op_that_reads_it()
    {
        foreach (var scenario in Scenarios.All())
        {
            var definition = scenario.Build();
            var seen = new HashSet<Digest>();
            foreach (var op in definition.Ops)
            {
                Assert.All(op.Inputs, i => Assert.Contains(i.Digest, seen));
                seen.Add(op.Digest);
            }
        }
    }

    [Fact]
    public void Two_runs_give_the_same_bytes()
    {
        var first = Scenarios.All().Select(s => s.Build().ToByteArray()).ToList();
        var second = Scenarios.All().Select(s => s.Build().ToByteArray()).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_default_platform_applies_to_images_without_one_but_not_to_file_ops()
    {
        var state = State.Image("busybox").File(FileActions.Mkdir("/a", 493));

        var definition = state.Marshal(Platform.LinuxArm64);

        Assert.Equal("arm64", definition.Ops[0].Op.Platform.Architecture);
        Assert.Null(definition.Ops[1].Op.Platform);
        Assert.NotNull(definition.Ops[1].Op.Constraints);
    }

    [Fact]
    public void Garbage_is_not_a_definition()
    {
        Assert.Throws<InvalidDefinitionException>(() => LlbDefinition.Parse("hello, world\n"u8));
        Assert.Throws<InvalidDefinitionException>(() => LlbDefinition.Parse([]));
        Assert.Throws<InvalidDefinitionException>(() => LlbDefinition.Parse([0x0a, 0x05, 0x01]));
    }

    [Fact]
    public void Validate_rejects_a_missing_input_and_a_definition_without_terminal()
    {
        var definition = State.Image("busybox", Platform.LinuxAmd64).File(FileActions.Mkdir("/a", 493)).Marshal();
        var proto = definition.ToProto();
        proto.Def.RemoveAt(0); // the image op the mkdir reads

        var missing = Assert.Throws<InvalidDefinitionException>(() => LlbDefinition.Parse(proto.ToByteArray()).Validate());
        Assert.Contains("missing input digest", missing.Message, StringComparison.Ordinal);

        proto.Def.RemoveAt(proto.Def.Count - 1);
        Assert.Throws<InvalidDefinitionException>(() => LlbDefinition.Parse(proto.ToByteArray()).Validate());
    }

    [Fact]
    public void The_dump_has_one_json_object_per_op_with_its_digest_and_maps_as_objects()
    {
        var definition = State.Local("context", new LocalOptions { SharedKeyHint = "h" }).WithCustomName("load context").Marshal();

        var lines = DefinitionDump.JsonLines(definition);

        Assert.Equal(definition.Ops.Count, lines.Count);
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal(definition.Ops[0].Digest.ToString(), first.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("h", first.RootElement.GetProperty("Op").GetProperty("source").GetProperty("attrs").GetProperty("local.sharedkeyhint").GetString());
        Assert.Equal("load context", first.RootElement.GetProperty("OpMetadata").GetProperty("description").GetProperty("llb.customname").GetString());
        Assert.StartsWith("digraph {", DefinitionDump.Dot(definition), StringComparison.Ordinal);
    }
}
