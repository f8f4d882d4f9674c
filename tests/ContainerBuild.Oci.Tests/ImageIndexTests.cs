namespace ContainerBuild.Oci.Tests;

public sealed class ImageIndexTests
{
    private static ImageIndex Index(params string?[] platforms) => new()
    {
        Manifests =
        [
            .. platforms.Select((platform, i) => new Descriptor
            {
                MediaType = MediaType.OciManifest,
                Digest = Digest.Compute([(byte)i]),
                Size = 100 + i,
                Platform = platform is null ? null : ParseExact(platform),
            }),
        ],
    };

    // os/arch[/variant] exactly as written, without alias resolution, as an index holds it.
    private static Platform ParseExact(string text)
    {
        var parts = text.Split('/');
        return new Platform { OS = parts[0], Architecture = parts[1], Variant = parts.Length > 2 ? parts[2] : null };
    }

    [Theory]
    [InlineData("linux/amd64", 0)]
    [InlineData("x86_64", 0)]
    [InlineData("linux/arm64", 1)]
    [InlineData("aarch64", 1)]
    [InlineData("linux/arm64/v8", 1)]
    public void FindManifest_picks_the_platform_asked_for(string wanted, int expected)
    {
        var index = Index("linux/amd64", "linux/arm64/v8", "unknown/unknown");
        Assert.Equal(index.Manifests[expected], index.FindManifest(Platform.Parse(wanted)));
    }

    [Fact]
    public void FindManifest_prefers_the_exact_variant_over_a_compatible_one()
    {
        var index = Index("linux/arm64/v8", "linux/arm64");
        Assert.Equal(index.Manifests[1], index.FindManifest(Platform.Parse("linux/arm64")));
        Assert.Equal(index.Manifests[0], index.FindManifest(Platform.Parse("linux/arm64/v8")));
    }

    [Fact]
    public void FindManifest_falls_back_to_the_newest_older_arm_variant()
    {
        var index = Index("linux/arm/v5", "linux/arm/v6", "linux/amd64");
        Assert.Equal(index.Manifests[1], index.FindManifest(Platform.Parse("linux/arm/v7")));
        Assert.Equal(index.Manifests[0], index.FindManifest(Platform.Parse("linux/arm/v5")));
        Assert.Null(Index("linux/arm/v7").FindManifest(Platform.Parse("linux/arm/v6")));
    }

    [Fact]
    public void FindManifest_returns_null_when_nothing_fits()
    {
        var index = Index("linux/amd64", null, "windows/arm64");
        Assert.Null(index.FindManifest(Platform.Parse("linux/s390x")));
        Assert.Null(index.FindManifest(Platform.Parse("linux/arm64")));
        Assert.Equal(["linux/amd64", "windows/arm64"], index.Platforms.Select(p => p.ToString()));
    }

    [Fact]
    public void FindManifest_skips_entries_that_are_not_manifests()
    {
        var index = Index("linux/amd64");
        index = index with { Manifests = [index.Manifests[0] with { MediaType = new MediaType("application/vnd.example.sbom") }] };
        Assert.Null(index.FindManifest(Platform.LinuxAmd64));
    }
}
