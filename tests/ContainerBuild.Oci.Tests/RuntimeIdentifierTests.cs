namespace ContainerBuild.Oci.Tests;

public sealed class RuntimeIdentifierTests
{
    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-arm64", "linux/arm64")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("linux-x86", "linux/386")]
    [InlineData("linux-s390x", "linux/s390x")]
    [InlineData("linux-ppc64le", "linux/ppc64le")]
    [InlineData("linux-riscv64", "linux/riscv64")]
    [InlineData("linux-musl-x64", "linux/amd64")]
    [InlineData("linux-musl-arm64", "linux/arm64")]
    [InlineData("linux-musl-arm", "linux/arm/v7")]
    [InlineData("win-x64", "windows/amd64")]
    [InlineData("win-arm64", "windows/arm64")]
    public void A_runtime_identifier_maps_to_its_platform_and_back(string rid, string platform)
    {
        var parsed = Platform.FromRuntimeIdentifier(rid);
        Assert.Equal(platform, parsed.ToString());
        var musl = Platform.IsMuslRuntimeIdentifier(rid);
        Assert.Equal(rid, parsed.ToRuntimeIdentifier(musl));
    }

    [Theory]
    [InlineData("linux/amd64", false, "linux-x64")]
    [InlineData("linux/amd64", true, "linux-musl-x64")]
    [InlineData("linux/arm64/v8", false, "linux-arm64")]
    [InlineData("aarch64", true, "linux-musl-arm64")]
    [InlineData("linux/arm", false, "linux-arm")]
    [InlineData("armhf", true, "linux-musl-arm")]
    [InlineData("i686", false, "linux-x86")]
    [InlineData("s390x", false, "linux-s390x")]
    [InlineData("ppc64le", true, "linux-musl-ppc64le")]
    [InlineData("riscv64", false, "linux-riscv64")]
    public void A_platform_maps_to_its_runtime_identifier(string platform, bool musl, string rid)
    {
        Assert.Equal(rid, Platform.Parse(platform).ToRuntimeIdentifier(musl));
    }

    [Theory]
    [InlineData("linux/arm/v6", false)]
    [InlineData("linux/arm/v5", false)]
    [InlineData("windows/amd64", true)]
    public void Platforms_without_a_runtime_identifier_say_so(string platform, bool musl)
    {
        var error = Assert.Throws<NotSupportedException>(() => Platform.Parse(platform).ToRuntimeIdentifier(musl));
        Assert.Contains("no .NET runtime identifier", error.Message, StringComparison.Ordinal);
        Assert.False(Platform.Parse(platform).TryGetRuntimeIdentifier(musl, out _));
    }

    [Theory]
    [InlineData("osx-arm64")]
    [InlineData("linux-mips")]
    [InlineData("linux")]
    [InlineData("any")]
    public void Runtime_identifiers_without_a_container_platform_are_rejected(string rid)
    {
        var error = Assert.Throws<FormatException>(() => Platform.FromRuntimeIdentifier(rid));
        Assert.Contains(rid, error.Message, StringComparison.Ordinal);
    }
}
