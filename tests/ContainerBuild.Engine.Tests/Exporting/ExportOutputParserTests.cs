using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Exporting;

public sealed class ExportOutputParserTests
{
    [Fact]
    public void An_image_output_with_BuildKits_attributes_becomes_typed_options()
    {
        var output = ExportOutputParser.Parse(
            "type=image,\"name=127.0.0.1:5000/app:1,127.0.0.1:5000/app:latest\",push=true,compression=zstd,compression-level=9,force-compression=true,oci-mediatypes=true,rewrite-timestamp=true,buildinfo=false,annotation.org.opencontainers.image.title=app,annotation-index.created-by=me,annotation-manifest-descriptor.d=1");

        Assert.Equal(OutputType.Image, output.Type);
        var image = output.Image;
        Assert.Equal(["127.0.0.1:5000/app:1", "127.0.0.1:5000/app:latest"], image.Names.Select(n => n.ToString()));
        Assert.True(image.Push);
        Assert.Equal(LayerCompression.Zstd, image.Compression);
        Assert.Equal(9, image.CompressionLevel);
        Assert.True(image.ForceCompression);
        Assert.True(image.OciMediaTypes);
        Assert.True(image.RewriteTimestamp);
        Assert.Equal(BuildInfoMode.Omit, image.BuildInfo);
        Assert.Equal("app", image.Annotations.Manifest["org.opencontainers.image.title"]);
        Assert.Equal("me", image.Annotations.Index["created-by"]);
        Assert.Equal("1", image.Annotations.ManifestDescriptor["d"]);
    }

    [Fact]
    public void Registry_is_an_image_output_that_pushes_and_an_empty_push_value_means_true()
    {
        Assert.True(ExportOutputParser.Parse("type=registry,name=127.0.0.1:5000/app").Image.Push);
        Assert.True(ExportOutputParser.Parse("type=image,name=127.0.0.1:5000/app,push=").Image.Push);
        Assert.False(ExportOutputParser.Parse("type=image,name=127.0.0.1:5000/app").Image.Push);
    }

    [Fact]
    public void Docker_outputs_default_to_Docker_media_types_and_the_others_to_OCI()
    {
        Assert.False(ExportOutputParser.Parse("type=docker,dest=/tmp/x.tar").Image.OciMediaTypes);
        Assert.True(ExportOutputParser.Parse("type=docker,dest=/tmp/x.tar,oci-mediatypes=true").Image.OciMediaTypes);
        Assert.True(ExportOutputParser.Parse("type=oci,dest=/tmp/x.tar").Image.OciMediaTypes);
    }

    [Fact]
    public void Oci_docker_and_local_outputs_read_their_destinations()
    {
        var layout = ExportOutputParser.Parse("type=oci,dest=/tmp/layout,tar=false");
        Assert.Equal(("/tmp/layout", false), (layout.Destination, layout.Tar));

        var load = ExportOutputParser.Parse("type=docker,name=app:1,client=podman");
        Assert.Null(load.Destination);
        Assert.Equal("podman", load.LoadClient);

        var local = ExportOutputParser.Parse("/tmp/rootfs");
        Assert.Equal((OutputType.Local, "/tmp/rootfs"), (local.Type, local.Destination));
    }

    [Theory]
    [InlineData("type=image,compression=brotli", "compression", "gzip, zstd or uncompressed")]
    [InlineData("type=image,compression=gzip,compression-level=12", "compression-level", "1 to 9")]
    [InlineData("type=image,compression-level=high", "compression-level", "whole number")]
    [InlineData("type=image,push=maybe", "push", "true or false")]
    [InlineData("type=image,colour=blue", "colour", "it takes name, compression")]
    [InlineData("type=registry", "name", "needs name=")]
    [InlineData("type=oci", "dest", "needs dest=")]
    [InlineData("type=image,name=UPPER/Case:1", "name", "not an image name")]
    [InlineData("type=cloud", "type", "not an output type")]
    [InlineData("name=x", "type", "names no type")]
    [InlineData("type=image,oci-mediatypes=false,annotation.a=b", "oci-mediatypes", "need OCI media types")]
    [InlineData("type=image,name-canonical=true", "name-canonical", "not supported")]
    [InlineData("type=image,annotation-layer.a=b", "annotation-layer.a", "not an annotation type")]
    public void A_bad_attribute_fails_naming_it_and_what_is_accepted(string spec, string attribute, string hint)
    {
        var error = Assert.Throws<InvalidExportAttributeException>(() => ExportOutputParser.Parse(spec));
        Assert.Equal(attribute, error.Attribute);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_attribute_dictionary_form_parses_the_same_as_the_csv_form()
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = "127.0.0.1:5000/a:1,127.0.0.1:5000/b:2",
            ["push"] = "true",
            ["compression"] = "uncompressed",
        };

        var output = ExportOutputParser.Parse("image", attributes);

        Assert.Equal(2, output.Image.Names.Count);
        Assert.Equal(LayerCompression.None, output.Image.Compression);
        Assert.Equal(output.Image, ExportOutputParser.Parse("type=image,\"name=127.0.0.1:5000/a:1,127.0.0.1:5000/b:2\",push=true,compression=uncompressed").Image);
    }
}
