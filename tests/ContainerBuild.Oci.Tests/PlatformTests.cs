using System.Text.Json;

namespace ContainerBuild.Oci.Tests;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("amd64", "linux/amd64")]
    [InlineData("x86_64", "linux/amd64")]
    [InlineData("x86-64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("LINUX/AMD64", "linux/amd64")]
    [InlineData("linux/amd64/v3", "linux/amd64/v3")]
    [InlineData("linux/arm64", "linux/arm64")]
    [InlineData("arm64", "linux/arm64")]
    [InlineData("aarch64", "linux/arm64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64/v8")]
    [InlineData("linux/arm64/8", "linux/arm64/v8")]
    [InlineData("arm64/v8", "linux/arm64/v8")]
    [InlineData("arm64v8", "linux/arm64/v8")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("arm", "linux/arm/v7")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    [InlineData("linux/arm/7", "linux/arm/v7")]
    [InlineData("linux/arm/v6", "linux/arm/v6")]
    [InlineData("linux/arm/v5", "linux/arm/v5")]
    [InlineData("armhf", "linux/arm/v7")]
    [InlineData("armel", "linux/arm/v6")]
    [InlineData("arm32v5", "linux/arm/v5")]
    [InlineData("arm32v6", "linux/arm/v6")]
    [InlineData("arm32v7", "linux/arm/v7")]
    [InlineData("linux/armhf/v7", "linux/arm/v7")]
    [InlineData("linux/386", "linux/386")]
    [InlineData("i386", "linux/386")]
    [InlineData("i686", "linux/386")]
    [InlineData("linux/ppc64le", "linux/ppc64le")]
    [InlineData("s390x", "linux/s390x")]
    [InlineData("linux/riscv64", "linux/riscv64")]
    [InlineData("windows/amd64", "windows/amd64")]
    [InlineData(" linux/amd64 ", "linux/amd64")]
    public void Parse_resolves_aliases_and_prints_the_canonical_form(string text, string expected)
    {
        var platform = Platform.Parse(text);
        Assert.Equal(expected, platform.ToString());
        Assert.Equal(platform, Platform.Parse(platform.ToString()));
        Assert.True(Platform.TryParse(text, out var again));
        Assert.Equal(platform, again);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("linux/sparc", "architecture 'sparc'")]
    [InlineData("mips", "architecture 'mips'")]
    [InlineData("plan9/amd64", "operating system 'plan9'")]
    [InlineData("linux/amd64/v9", "'v9' is not a variant of amd64")]
    [InlineData("linux/arm/v8", "'v8' is not a variant of arm")]
    [InlineData("linux/s390x/v1", "s390x has no variants")]
    [InlineData("linux/armhf/v6", "already means variant v7")]
    [InlineData("linux/arm64/v8/extra", "os/arch[/variant]")]
    [InlineData("linux/", "architecture ''")]
    public void Parse_rejects_unknown_platforms_naming_the_accepted_ones(string text, string expectedInMessage)
    {
        var error = Assert.Throws<FormatException>(() => Platform.Parse(text));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains("amd64 (x86_64, x86-64)", error.Message, StringComparison.Ordinal);
        Assert.False(Platform.TryParse(text, out _));
    }

    [Theory]
    [InlineData("linux/arm64", "linux/arm64/v8", true)]
    [InlineData("aarch64", "linux/arm64/v8", true)]
    [InlineData("linux/arm", "linux/arm/v7", true)]
    [InlineData("armhf", "linux/arm", true)]
    [InlineData("linux/amd64", "linux/amd64/v1", true)]
    [InlineData("linux/amd64", "linux/arm64", false)]
    [InlineData("linux/arm/v6", "linux/arm/v7", false)]
    [InlineData("linux/arm64/v9", "linux/arm64", false)]
    [InlineData("windows/amd64", "linux/amd64", false)]
    public void Matches_treats_default_variants_and_aliases_as_the_same_platform(string left, string right, bool expected)
    {
        Assert.Equal(expected, Platform.Parse(left).Matches(Platform.Parse(right)));
        Assert.Equal(expected, Platform.Parse(right).Matches(Platform.Parse(left)));
    }

    [Fact]
    public void Matches_normalises_the_spelling_of_platforms_read_from_json()
    {
        var fromJson = new Platform { OS = "Linux", Architecture = "aarch64", Variant = "8" };
        Assert.True(Platform.LinuxArm64.Matches(fromJson));
        Assert.Equal("linux/arm64/v8", fromJson.Normalize().ToString());
    }

    [Fact]
    public void Equals_is_exact_and_compares_os_features_by_content()
    {
        var a = new Platform { OS = "linux", Architecture = "arm64", Variant = "v8", OSFeatures = ["x"] };
        var b = new Platform { OS = "linux", Architecture = "arm64", Variant = "v8", OSFeatures = new List<string> { "x" } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(Platform.LinuxArm64, a with { OSFeatures = null });
    }

    [Fact]
    public void Json_keeps_the_spec_field_names_and_leaves_out_what_is_unset()
    {
        var platform = Platform.Parse("linux/arm/v7");
        Assert.Equal("""{"architecture":"arm","os":"linux","variant":"v7"}""", JsonSerializer.Serialize(platform));
        Assert.Equal(platform, JsonSerializer.Deserialize<Platform>("""{"os":"linux","architecture":"arm","variant":"v7"}"""));
    }
}
