using ContainerBuild.Dockerfile;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>buildx's output flags (-o, --push, --load) and how the -t names reach the outputs.</summary>
public sealed class BuildOutputsTests
{
    private const string Tag = "127.0.0.1:5000/app:1";

    [Fact]
    public void No_flags_mean_no_output()
    {
        Assert.Empty(BuildOutputs.Resolve([], [Tag], push: false, load: false));
    }

    [Fact]
    public void Push_is_a_pushing_image_output_with_every_tag()
    {
        var output = Assert.Single(BuildOutputs.Resolve([], [Tag, "127.0.0.1:5000/app:latest"], push: true, load: false));

        Assert.Equal(OutputType.Image, output.Type);
        Assert.True(output.Image.Push);
        Assert.Equal([ImageReference.Parse(Tag), ImageReference.Parse("127.0.0.1:5000/app:latest")], output.Image.Names);
    }

    [Fact]
    public void Push_without_a_tag_says_it_needs_one()
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildOutputs.Resolve([], [], push: true, load: false));

        Assert.Equal("--push", error.Option);
        Assert.Contains("-t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_is_a_docker_output_without_a_destination_in_docker_media_types()
    {
        var output = Assert.Single(BuildOutputs.Resolve([], [Tag], push: false, load: true));

        Assert.Equal(OutputType.Docker, output.Type);
        Assert.Null(output.Destination);
        Assert.False(output.Image.OciMediaTypes);
        Assert.Equal([ImageReference.Parse(Tag)], output.Image.Names);
    }

    [Fact]
    public void Tags_name_the_image_oci_and_docker_outputs_that_name_nothing_and_registry_outputs_get_them_too()
    {
        var outputs = BuildOutputs.Resolve(
            ["type=oci,dest=/tmp/x.tar", "type=docker,dest=/tmp/y.tar", "type=registry", "type=local,dest=/tmp/root", "type=image,name=127.0.0.1:5000/other:2"],
            [Tag],
            push: false,
            load: false);

        Assert.Equal([OutputType.Oci, OutputType.Docker, OutputType.Image, OutputType.Local, OutputType.Image], outputs.Select(o => o.Type));
        Assert.All(outputs.Take(3), o => Assert.Equal([ImageReference.Parse(Tag)], o.Image.Names));
        Assert.True(outputs[2].Image.Push);
        Assert.Empty(outputs[3].Image.Names);
        Assert.Equal([ImageReference.Parse("127.0.0.1:5000/other:2")], outputs[4].Image.Names);
    }

    [Fact]
    public void Output_attributes_pass_through_and_push_and_load_add_outputs_after_them()
    {
        var outputs = BuildOutputs.Resolve(["type=oci,dest=/tmp/x,tar=false,compression=zstd,rewrite-timestamp=true,annotation.org.example=1"], [Tag], push: true, load: true);

        Assert.Equal([OutputType.Oci, OutputType.Image, OutputType.Docker], outputs.Select(o => o.Type));
        Assert.False(outputs[0].Tar);
        Assert.Equal(LayerCompression.Zstd, outputs[0].Image.Compression);
        Assert.True(outputs[0].Image.RewriteTimestamp);
        Assert.Equal("1", outputs[0].Image.Annotations.Manifest["org.example"]);
    }

    [Fact]
    public void A_bare_folder_is_a_local_output_relative_to_the_working_directory()
    {
        var output = Assert.Single(BuildOutputs.Resolve(["out/rootfs"], [], push: false, load: false, workingDirectory: "/work"));

        Assert.Equal(OutputType.Local, output.Type);
        Assert.Equal("/work/out/rootfs", output.Destination);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("type=local,dest=-")]
    public void Files_to_standard_output_are_refused(string spec)
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildOutputs.Resolve([spec], [], push: false, load: false));

        Assert.Contains("type=local,dest=DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_that_is_not_a_name_is_refused()
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildOutputs.Resolve([], ["Not A/Name"], push: false, load: false));

        Assert.Equal("--tag", error.Option);
        Assert.Contains("Not A/Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_output_with_neither_name_nor_tag_is_refused_by_the_exporter_parser()
    {
        var error = Assert.Throws<InvalidExportAttributeException>(() => BuildOutputs.Resolve(["type=registry"], [], push: false, load: false));

        Assert.Equal("name", error.Attribute);
    }
}
