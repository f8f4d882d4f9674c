using System.Text.Json;
using ContainerBuild.Build;
using ContainerBuild.Dockerfile;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>--metadata-file in buildx's shape, the build reference, and the image ID of --quiet and --iidfile.</summary>
public sealed class BuildMetadataFileTests
{
    private const string Manifest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Config = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly Dictionary<string, string> Metadata = new()
    {
        [BuildMetadataKeys.ImageName] = "127.0.0.1:5000/app:1",
        [BuildMetadataKeys.ImageDigest] = Manifest,
        [BuildMetadataKeys.ImageDescriptor] = $$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{Manifest}}","size":402}""",
        [BuildMetadataKeys.ConfigDigest] = Config,
        [BuildMetadataKeys.BuildRef] = "containerbuild/default/abc",
    };

    [Fact]
    public void The_file_is_one_indented_object_with_sorted_keys_and_the_descriptor_as_an_object()
    {
        var text = BuildMetadataFile.Format(Metadata);

        using var json = JsonDocument.Parse(text);
        Assert.Equal(
            ["buildx.build.ref", "containerimage.config.digest", "containerimage.descriptor", "containerimage.digest", "image.name"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        var descriptor = json.RootElement.GetProperty("containerimage.descriptor");
        Assert.Equal(JsonValueKind.Object, descriptor.ValueKind);
        Assert.Equal(Manifest, descriptor.GetProperty("digest").GetString());
        Assert.Equal(402, descriptor.GetProperty("size").GetInt64());
        Assert.Equal(Manifest, json.RootElement.GetProperty("containerimage.digest").GetString());
        Assert.StartsWith("{\n  \"buildx.build.ref\": \"containerbuild/default/abc\",\n", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_id_is_the_config_digest_for_one_platform_and_the_index_digest_for_several()
    {
        Assert.Equal(Config, BuildMetadataFile.ImageId(Metadata));
        Assert.Equal(Manifest, BuildMetadataFile.ImageId(Metadata.Where(p => p.Key != BuildMetadataKeys.ConfigDigest).ToDictionary()));
    }

    [Fact]
    public void A_build_reference_is_containerbuild_default_and_25_random_characters()
    {
        var first = BuildReference.New();
        var second = BuildReference.New();

        Assert.Matches("^containerbuild/default/[a-z0-9]{25}$", first);
        Assert.NotEqual(first, second);
    }
}
