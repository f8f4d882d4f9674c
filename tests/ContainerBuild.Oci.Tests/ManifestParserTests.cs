using System.Text;

namespace ContainerBuild.Oci.Tests;

public sealed class ManifestParserTests
{
    private static readonly byte[] Noise = "{}[]\":,0-9aAz. \\\u00ff\u0000"u8.ToArray();

    private const string Sha = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void An_oci_manifest_parses_with_every_field_and_writes_back_the_same_bytes()
    {
        var json = Golden.Read("oci-manifest.json");
        var manifest = ImageManifest.Parse(json, "application/vnd.oci.image.manifest.v1+json");

        Assert.Equal(2, manifest.SchemaVersion);
        Assert.Equal(MediaType.OciManifest, manifest.MediaType);
        Assert.Equal(MediaType.OciConfig, manifest.Config.MediaType);
        Assert.Equal(7023, manifest.Config.Size);
        Assert.Equal(3, manifest.Layers.Count);
        Assert.Equal(LayerCompression.Zstd, manifest.Layers[2].MediaType.LayerCompression);
        Assert.Equal("app", manifest.Layers[2].Annotations!["org.opencontainers.image.title"]);
        Assert.Equal(7682, manifest.Subject!.Size);
        Assert.Equal("value2", manifest.Annotations!["com.example.key2"]);

        Assert.Equal(json, manifest.ToJsonBytes());
        Assert.Equal(Descriptor.ForContent(json, MediaType.OciManifest), manifest.ToDescriptor());
    }

    [Fact]
    public void A_docker_schema2_manifest_parses_and_its_canonical_form_keeps_every_field()
    {
        var json = Golden.Read("docker-manifest.json");
        var manifest = ManifestParser.ParseManifest(json, "application/vnd.docker.distribution.manifest.v2+json");

        Assert.Equal(MediaType.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaType.DockerConfig, manifest.Config.MediaType);
        Assert.All(manifest.Layers, layer => Assert.True(layer.MediaType.IsLayer));
        Assert.Equal(MediaType.DockerForeignLayerGzip, manifest.Layers[2].MediaType);
        Assert.Equal(["https://example.com/layer3.tar.gz"], manifest.Layers[2].Urls!);

        // Docker writes size before digest; ours is the spec's order, so the bytes differ but say the same.
        var canonical = manifest.ToJsonBytes();
        Assert.Equal(Golden.Read("docker-manifest.canonical.json"), canonical);
        Json.AssertSameContent(json, canonical);
        Assert.Equal(canonical, ImageManifest.Parse(canonical).ToJsonBytes());
    }

    [Fact]
    public void An_oci_index_parses_and_writes_back_the_same_bytes()
    {
        var json = Golden.Read("oci-index.json");
        var document = ManifestParser.Parse(json, "application/vnd.oci.image.index.v1+json");

        var index = Assert.IsType<ImageIndex>(document);
        Assert.Equal(MediaType.OciIndex, index.MediaType);
        Assert.Equal(4, index.Manifests.Count);
        Assert.Equal("linux/arm64/v8", index.Manifests[1].Platform!.ToString());
        Assert.Equal("attestation-manifest", index.Manifests[3].Annotations!["vnd.docker.reference.type"]);
        Assert.Equal(json, index.ToJsonBytes());
    }

    [Fact]
    public void A_docker_manifest_list_keeps_unknown_platform_fields()
    {
        var json = Golden.Read("docker-manifest-list.json");
        var index = ManifestParser.ParseIndex(json, "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8");

        Assert.Equal(MediaType.DockerManifestList, index.MediaType);
        Assert.True(index.Manifests[1].Platform!.ExtensionData!.ContainsKey("features"));
        Json.AssertSameContent(json, index.ToJsonBytes());
    }

    [Fact]
    public void An_image_config_parses_with_every_field_and_writes_back_the_same_bytes()
    {
        var json = Golden.Read("image-config.json");
        var config = ImageConfig.Parse(json);

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 123, 456, TimeSpan.Zero), config.Created);
        Assert.Equal("linux/arm64/v8", config.Platform.ToString());
        Assert.Equal("1654", config.Config!.User);
        Assert.Equal(["8080/tcp", "8443/tcp"], config.Config.ExposedPorts!);
        Assert.Equal(["/data"], config.Config.Volumes!);
        Assert.Equal(["dotnet", "app.dll"], config.Config.Entrypoint!);
        Assert.Equal("1.0", config.Config.Labels!["org.opencontainers.image.version"]);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Config.Healthcheck!.Interval);
        Assert.Equal(3, config.Config.Healthcheck.Retries);
        Assert.Equal(["/bin/bash", "-c"], config.Config.Shell!);
        Assert.Equal(2, config.RootFileSystem.DiffIds.Count);
        Assert.Equal(3, config.History!.Count);
        Assert.True(config.History[2].EmptyLayer);
        Assert.Equal("ContainerBuild", config.History[1].Author);

        Assert.Equal(json, config.ToJsonBytes());
    }

    [Fact]
    public void The_canonical_writer_does_not_depend_on_the_order_things_were_added()
    {
        static ImageConfig Build(IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<string> ports) => new()
        {
            Architecture = "amd64",
            OS = "linux",
            Created = DateTimeOffset.UnixEpoch,
            Config = new ContainerConfig { Labels = new Dictionary<string, string>(labels), ExposedPorts = [.. ports], Env = [], Cmd = null },
            RootFileSystem = new RootFileSystem { DiffIds = [] },
        };

        var a = Build([new("b", "2"), new("a", "1")], ["80/tcp", "443/tcp"]).ToJsonBytes();
        var b = Build([new("a", "1"), new("b", "2")], ["443/tcp", "80/tcp"]).ToJsonBytes();
        Assert.Equal(a, b);
        Assert.Equal(
            """{"created":"1970-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{"ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Labels":{"a":"1","b":"2"}},"rootfs":{"type":"layers","diff_ids":[]}}""",
            Encoding.UTF8.GetString(a));
    }

    [Fact]
    public void A_new_manifest_writes_the_spec_field_order_and_no_nulls()
    {
        var config = Descriptor.ForContent("{}"u8, MediaType.OciConfig);
        var manifest = new ImageManifest { Config = config, Layers = [] };
        Assert.Equal(
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config.Digest}}","size":2},"layers":[]}""",
            Encoding.UTF8.GetString(manifest.ToJsonBytes()));
        Assert.Equal(manifest.ToJsonBytes(), ImageManifest.Parse(manifest.ToJsonBytes()).ToJsonBytes());
    }

    [Fact]
    public void The_writer_escapes_only_what_json_requires()
    {
        var manifest = new ImageManifest
        {
            Config = Descriptor.ForContent("{}"u8, MediaType.OciConfig),
            Layers = [],
            Annotations = new Dictionary<string, string> { ["k"] = "a&b<c>+é\"\\\n" },
        };
        var json = Encoding.UTF8.GetString(manifest.ToJsonBytes());
        Assert.Contains("\"annotations\":{\"k\":\"a&b<c>+é\\\"\\\\\\n\"}", json, StringComparison.Ordinal);
        Assert.Contains("application/vnd.oci.image.manifest.v1+json", json, StringComparison.Ordinal);
        Assert.Equal("a&b<c>+é\"\\\n", ImageManifest.Parse(manifest.ToJsonBytes()).Annotations!["k"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain; charset=utf-8")]
    public void A_generic_content_type_defers_to_the_media_type_field(string? contentType)
    {
        Assert.Equal(MediaType.DockerManifest, ManifestParser.Parse(Golden.Read("docker-manifest.json"), contentType).MediaType);
        Assert.IsType<ImageIndex>(ManifestParser.Parse(Golden.Read("docker-manifest-list.json"), contentType));
    }

    [Fact]
    public void Without_a_media_type_anywhere_the_shape_decides()
    {
        var manifest = $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":2},"layers":[]}""";
        Assert.Equal(MediaType.OciManifest, ManifestParser.Parse(Encoding.UTF8.GetBytes(manifest)).MediaType);
        var index = $$"""{"schemaVersion":2,"manifests":[]}""";
        Assert.Equal(MediaType.OciIndex, ManifestParser.Parse(Encoding.UTF8.GetBytes(index)).MediaType);
    }

    public static TheoryData<string, string?, string, string?> Malformed => new()
    {
        // json, content type, expected in message, expected field
        { "", null, "empty", null },
        { """{"schemaVersion":2,"config":{"mediaType":""", null, "not valid JSON", null },
        { "[1,2]", null, "must be a JSON object, not an array", null },
        { "null", null, "must be a JSON object, not null", null },
        { "\"hello\"", null, "must be a JSON object", null },
        { """{"schemaVersion":2,"layers":[]}""", null, "'config' is missing", "config" },
        { """{"schemaVersion":1,"name":"x","fsLayers":[]}""", null, "schema 1", "schemaVersion" },
        { """{"schemaVersion":3,"layers":[]}""", null, "is 3; it must be 2", "schemaVersion" },
        { """{"schemaVersion":"2","layers":[]}""", null, "it must be 2", "schemaVersion" },
        { """{"layers":[]}""", null, "schemaVersion' is missing", "schemaVersion" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":-1},"layers":[]}""", null, "cannot be negative", "config.size" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1.5},"layers":[]}""", null, "whole number", "config.size" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":"1"},"layers":[]}""", null, "is a string; it must be a number", "config.size" },
        { """{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:1234","size":1},"layers":[]}""", null, "not a valid digest", "config.digest" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha.ToUpperInvariant()}}","size":1},"layers":[]}""", null, "not a valid digest", "config.digest" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":1}]}""", null, "'layers[0].digest' is missing", "layers[0].digest" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1},"layers":[{"mediaType":"not a type","digest":"{{Sha}}","size":1}]}""", null, "not a media type", "layers[0].mediaType" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1},"layers":{ } }""", null, "'layers' is an object; it must be an array", "layers" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1},"layers":[42]}""", null, "a descriptor must be an object", "layers[0]" },
        { $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha}}","size":1},"layers":[],"annotations":{"a":1} }""", null, "invalid value at 'annotations", "annotations" },
        { $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""", "application/vnd.oci.image.index.v1+json", "Expected an image manifest but got an index", "mediaType" },
        { $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""", null, "Expected an image manifest but got an index", "mediaType" },
        { $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""", "application/vnd.docker.distribution.manifest.v2+json", "but the Content-Type says", "mediaType" },
        { $$"""{"schemaVersion":2,"mediaType":"application/vnd.example+json","layers":[]}""", null, "not a manifest media type", "mediaType" },
        { $$"""{"schemaVersion":2,"mediaType":7}""", null, "it must be a string", "mediaType" },
        { """{"schemaVersion":2}""", null, "neither 'config' nor 'manifests'", "mediaType" },
        { """{"schemaVersion":2,"schemaVersion":2,"layers":[]}""", null, "not valid JSON", null },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_manifests_give_an_invalid_manifest_exception_naming_the_problem(string json, string? contentType, string expected, string? field)
    {
        var error = Assert.Throws<InvalidManifestException>(() => ManifestParser.ParseManifest(Encoding.UTF8.GetBytes(json), contentType));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}""", "'manifests' is missing")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":1,"platform":{"os":"linux"}}]}""", "'manifests[0].platform.architecture' is missing")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":1,"platform":"linux/amd64"}]}""", "must be an object")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""", "Expected an image index but got a single image manifest")]
    public void Malformed_indexes_give_an_invalid_manifest_exception(string json, string expected)
    {
        var error = Assert.Throws<InvalidManifestException>(() => ManifestParser.ParseIndex(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""", "'architecture' is missing")]
    [InlineData("""{"architecture":"amd64","os":"linux"}""", "'rootfs' is missing")]
    [InlineData("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:12"]}}""", "rootfs.diff_ids[0] is not a valid digest")]
    [InlineData("""{"architecture":"amd64","os":"linux","created":"yesterday","rootfs":{"type":"layers","diff_ids":[]}}""", "at 'created'")]
    [InlineData("""{"architecture":"amd64","os":"linux","config":{"Env":"A=1"},"rootfs":{"type":"layers","diff_ids":[]}}""", "at 'config.Env'")]
    [InlineData("""{"architecture":"amd64","os":"linux","config":{"ExposedPorts":["80/tcp"]},"rootfs":{"type":"layers","diff_ids":[]}}""", "at 'config.ExposedPorts'")]
    public void Malformed_configs_give_an_invalid_manifest_exception(string json, string expected)
    {
        var error = Assert.Throws<InvalidManifestException>(() => ManifestParser.ParseConfig(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_data_must_match_its_digest()
    {
        var json = $$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{Sha}}","size":2,"data":"e30="},"layers":[]}""";
        var error = Assert.Throws<InvalidManifestException>(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("does not match its digest", error.Message, StringComparison.Ordinal);

        var empty = Descriptor.ForContent("{}"u8, MediaType.OciEmpty) with { Data = "{}"u8.ToArray() };
        var good = new ImageManifest { Config = empty, Layers = [], ArtifactType = "application/vnd.example.thing" };
        Assert.Equal(good.ToJsonBytes(), ImageManifest.Parse(good.ToJsonBytes()).ToJsonBytes());
    }

    [Fact]
    public void Garbage_never_escapes_as_anything_but_an_invalid_manifest_exception()
    {
        var sources = new[] { "oci-manifest.json", "docker-manifest.json", "oci-index.json", "docker-manifest-list.json", "image-config.json" }
            .Select(Golden.Read).ToArray();
        var random = new Random(20240102);
        var tried = 0;
        foreach (var source in sources)
        {
            for (var length = 0; length < source.Length; length += 7)
            {
                Check(source.AsSpan(0, length).ToArray());
            }

            for (var i = 0; i < 400; i++)
            {
                var mutated = source.ToArray();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    mutated[random.Next(mutated.Length)] = Noise[random.Next(Noise.Length)];
                }

                Check(mutated);
            }
        }

        Assert.True(tried > 2000);

        void Check(byte[] bytes)
        {
            tried++;
            try
            {
                ManifestParser.Parse(bytes, null);
            }
            catch (InvalidManifestException)
            {
            }

            try
            {
                ManifestParser.ParseConfig(bytes);
            }
            catch (InvalidManifestException)
            {
            }
        }
    }
}
