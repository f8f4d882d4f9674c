namespace ContainerBuild.Oci.Tests;

public sealed class ImageReferenceTests
{
    private const string D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    // reference, registry, repository, tag, digest, full form, familiar form
    [InlineData("busybox", "docker.io", "library/busybox", null, null, "docker.io/library/busybox", "busybox")]
    [InlineData("busybox:latest", "docker.io", "library/busybox", "latest", null, "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("library/busybox:1.36", "docker.io", "library/busybox", "1.36", null, "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", null, null, "docker.io/library/busybox", "busybox")]
    [InlineData("docker.io/library/busybox", "docker.io", "library/busybox", null, null, "docker.io/library/busybox", "busybox")]
    [InlineData("index.docker.io/busybox", "docker.io", "library/busybox", null, null, "docker.io/library/busybox", "busybox")]
    [InlineData("index.docker.io/user/app:1", "docker.io", "user/app", "1", null, "docker.io/user/app:1", "user/app:1")]
    [InlineData("user/app", "docker.io", "user/app", null, null, "docker.io/user/app", "user/app")]
    [InlineData("library/a/b", "docker.io", "library/a/b", null, null, "docker.io/library/a/b", "library/a/b")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com", "dotnet/aspnet", "10.0", null, "mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [InlineData("localhost/app", "localhost", "app", null, null, "localhost/app", "localhost/app")]
    [InlineData("localhost:5000/app:dev", "localhost:5000", "app", "dev", null, "localhost:5000/app:dev", "localhost:5000/app:dev")]
    [InlineData("127.0.0.1:5000/busybox:latest", "127.0.0.1:5000", "busybox", "latest", null, "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000/busybox:latest")]
    [InlineData("[::1]:5000/repo", "[::1]:5000", "repo", null, null, "[::1]:5000/repo", "[::1]:5000/repo")]
    [InlineData("[fe80::1]/team/repo:v1", "[fe80::1]", "team/repo", "v1", null, "[fe80::1]/team/repo:v1", "[fe80::1]/team/repo:v1")]
    [InlineData("Registry.Example.COM/app", "Registry.Example.COM", "app", null, null, "Registry.Example.COM/app", "Registry.Example.COM/app")]
    [InlineData("busybox@" + D, "docker.io", "library/busybox", null, D, "docker.io/library/busybox@" + D, "busybox@" + D)]
    [InlineData("busybox:1.36@" + D, "docker.io", "library/busybox", "1.36", D, "docker.io/library/busybox:1.36@" + D, "busybox:1.36@" + D)]
    [InlineData("localhost:5000/app@" + D, "localhost:5000", "app", null, D, "localhost:5000/app@" + D, "localhost:5000/app@" + D)]
    [InlineData("a.b/c_d/e__f/g-h/i---j/k.l:T_a.g-1", "a.b", "c_d/e__f/g-h/i---j/k.l", "T_a.g-1", null, "a.b/c_d/e__f/g-h/i---j/k.l:T_a.g-1", "a.b/c_d/e__f/g-h/i---j/k.l:T_a.g-1")]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", null, "docker.io/library/localhost:5000", "localhost:5000")]
    [InlineData("app:_tag", "docker.io", "library/app", "_tag", null, "docker.io/library/app:_tag", "app:_tag")]
    [InlineData("my-registry:5000/team/app:1.0", "my-registry:5000", "team/app", "1.0", null, "my-registry:5000/team/app:1.0", "my-registry:5000/team/app:1.0")]
    public void Valid_references_parse_and_normalise_as_docker_does(
        string reference, string registry, string repository, string? tag, string? digest, string full, string familiar)
    {
        var parsed = ImageReference.Parse(reference);
        Assert.Equal(registry, parsed.Registry);
        Assert.Equal(repository, parsed.Repository);
        Assert.Equal(tag, parsed.Tag);
        Assert.Equal(digest, parsed.Digest?.ToString());
        Assert.Equal(full, parsed.ToString());
        Assert.Equal(familiar, parsed.ToFamiliarString());
        Assert.Equal(parsed, ImageReference.Parse(parsed.ToString()));
        Assert.Equal(parsed, ImageReference.Parse(parsed.ToFamiliarString()));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("Busybox", "must be lower case")]
    [InlineData("docker.io/Library/busybox", "must be lower case")]
    [InlineData("localhost:5000/MyApp:1", "must be lower case")]
    [InlineData("busybox:", "'' is not a valid tag")]
    [InlineData("busybox:.hidden", "'.hidden' is not a valid tag")]
    [InlineData("busybox:-x", "'-x' is not a valid tag")]
    [InlineData("busybox:a+b", "'a+b' is not a valid tag")]
    [InlineData("busybox@sha256:abc", "not a digest")]
    [InlineData("busybox@md5:d41d8cd98f00b204e9800998ecf8427e", "not a digest")]
    [InlineData("busybox@", "not a digest")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "image ID")]
    [InlineData("/busybox", "empty path component")]
    [InlineData("busybox/", "empty path component")]
    [InlineData("a//b", "empty path component")]
    [InlineData("a/-b", "'-b' is not valid")]
    [InlineData("a/b_", "'b_' is not valid")]
    [InlineData("a/b___c", "'b___c' is not valid")]
    [InlineData("a/b..c", "'b..c' is not valid")]
    [InlineData("a/b._c", "'b._c' is not valid")]
    [InlineData("localhost:abc/app", "port 'abc'")]
    [InlineData("localhost:/app", "no port number")]
    [InlineData("-bad.com/app", "not a host name")]
    [InlineData("[::1/app", "never closes")]
    [InlineData("[::g]:5000/app", "IPv6")]
    [InlineData("bu sybox", "white space")]
    [InlineData(":tag", "repository name is missing")]
    [InlineData("a/b:c:d", "'c:d' is not a valid tag")]
    public void Invalid_references_are_rejected_with_a_message_that_says_what_is_wrong(string reference, string expectedInMessage)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(reference));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.False(ImageReference.TryParse(reference, out _));
    }

    [Fact]
    public void Tags_may_be_128_characters_but_not_129()
    {
        var ok = ImageReference.Parse("app:" + new string('a', 128));
        Assert.Equal(128, ok.Tag!.Length);
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse("app:" + new string('a', 129)));
        Assert.Contains("at most 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_may_be_255_characters_but_not_256()
    {
        var name = "example.com/" + string.Join('/', Enumerable.Repeat(new string('a', 49), 4)).PadRight(243, 'b');
        Assert.Equal(255, name.Length);
        Assert.Equal(name, ImageReference.Parse(name + ":tag").Name);
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(name + "b:tag"));
        Assert.Contains("at most 255", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("busybox", "registry-1.docker.io")]
    [InlineData("index.docker.io/user/app", "registry-1.docker.io")]
    [InlineData("localhost:5000/app", "localhost:5000")]
    [InlineData("ghcr.io/owner/app", "ghcr.io")]
    public void The_api_host_of_docker_hub_is_registry_1(string reference, string apiHost)
    {
        Assert.Equal(apiHost, ImageReference.Parse(reference).RegistryApiHost);
    }

    [Fact]
    public void With_tag_and_with_digest_change_only_what_they_name()
    {
        var reference = ImageReference.Parse("127.0.0.1:5000/dotnet/aspnet:10.0");
        var digest = Digest.Parse(D);

        var retagged = reference.WithTag("10.0-noble");
        Assert.Equal("127.0.0.1:5000/dotnet/aspnet:10.0-noble", retagged.ToString());

        var pinned = reference.WithDigest(digest);
        Assert.Equal($"127.0.0.1:5000/dotnet/aspnet:10.0@{D}", pinned.ToString());
        Assert.Equal(D, pinned.ManifestReference);
        Assert.Equal("10.0", reference.ManifestReference);
        Assert.Equal("latest", reference.WithoutTagOrDigest().ManifestReference);
        Assert.Equal("docker.io/library/busybox:latest", ImageReference.Parse("busybox").WithDefaultTag().ToString());
        Assert.Equal(pinned, pinned.WithDefaultTag());

        Assert.Throws<FormatException>(() => reference.WithTag("no/slashes"));
        Assert.Throws<ArgumentException>(() => reference.WithDigest(default));
    }
}
