using ContainerBuild.Oci;
using ContainerBuild.Tasks.Inference;
using ContainerBuild.Tasks.Logging;
using ContainerBuild.Tasks.Publishing;
using Microsoft.Build.Framework;

namespace ContainerBuild.Sdk.Tests;

/// <summary>The pure parts of the tasks: base image inference, platform mapping, option spellings, log importance.</summary>
public sealed class InferenceAndOptionTests
{
    [Theory]
    [InlineData(8, false, false, false, false, null, "runtime:8.0")]
    [InlineData(8, true, false, true, false, null, "runtime-deps:8.0-jammy-chiseled-extra")]
    [InlineData(9, true, false, true, true, null, "runtime-deps:9.0-noble-chiseled")]
    [InlineData(10, false, true, false, false, null, "aspnet:10.0")]
    [InlineData(10, false, true, false, true, "noble-chiseled", "aspnet:10.0-noble-chiseled")]
    [InlineData(10, false, true, false, false, "azurelinux3.0", "aspnet:10.0-azurelinux3.0")]
    public void Inference(int major, bool selfContained, bool web, bool aot, bool invariant, string? family, string expected)
    {
        var image = BaseImageInference.Infer(new BaseImageInputs
        {
            TargetFrameworkVersion = new Version(major, 0),
            IsSelfContained = selfContained,
            UsesAspNetCore = web,
            IsAot = aot,
            UsesInvariantGlobalization = invariant,
            Family = family,
            RuntimeIdentifiers = ["linux-x64"],
        });

        Assert.Equal("mcr.microsoft.com/dotnet/" + expected, image);
    }

    [Fact]
    public void Musl_applies_only_when_every_rid_is_musl()
    {
        var mixed = BaseImageInference.Infer(new BaseImageInputs { TargetFrameworkVersion = new Version(10, 0), RuntimeIdentifiers = ["linux-musl-x64", "linux-arm64"] });
        var musl = BaseImageInference.Infer(new BaseImageInputs { TargetFrameworkVersion = new Version(10, 0), RuntimeIdentifiers = ["linux-musl-x64", "linux-musl-arm64"], Registry = "127.0.0.1:5000/" });

        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", mixed);
        Assert.Equal("127.0.0.1:5000/dotnet/runtime:10.0-alpine", musl);
    }

    [Fact]
    public void Platforms_map_to_rids_and_duplicates_collapse()
    {
        var entries = ContainerPlatformList.Parse("linux/amd64; linux/arm64/v8 ;arm64, linux/arm", musl: false);

        Assert.Equal(["linux-x64", "linux-arm64", "linux-arm"], entries.Select(e => e.RuntimeIdentifier));
        Assert.Equal(Platform.LinuxArm64.Architecture, entries[1].Platform.Architecture);
        Assert.Equal(["linux-musl-x64"], ContainerPlatformList.Parse("linux/amd64", musl: true).Select(e => e.RuntimeIdentifier));
    }

    [Theory]
    [InlineData("linux/sparc")]
    [InlineData("windows/amd64")]
    [InlineData("linux/arm/v6")]
    public void Unknown_or_unsupported_platforms_are_rejected_with_a_reason(string platforms)
    {
        var error = Assert.Throws<FormatException>(() => ContainerPlatformList.Parse(platforms, musl: false));
        Assert.Contains($"'{platforms}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zstd", LayerCompression.Zstd)]
    [InlineData("GZIP", LayerCompression.Gzip)]
    [InlineData("", LayerCompression.Gzip)]
    [InlineData("uncompressed", LayerCompression.None)]
    public void Compression_spellings(string text, LayerCompression expected)
    {
        Assert.True(ContainerOptions.TryParseCompression(text, out var compression));
        Assert.Equal(expected, compression);
    }

    [Fact]
    public void Compression_levels_follow_the_compressor()
    {
        Assert.True(ContainerOptions.TryParseCompressionLevel("19", LayerCompression.Zstd, out var zstd));
        Assert.Equal(19, zstd);
        Assert.False(ContainerOptions.TryParseCompressionLevel("19", LayerCompression.Gzip, out _));
        Assert.True(ContainerOptions.TryParseCompressionLevel("", LayerCompression.Gzip, out var none));
        Assert.Null(none);
    }

    [Theory]
    [InlineData("8080", "", "8080/tcp")]
    [InlineData("53", "UDP", "53/udp")]
    public void Ports(string port, string type, string expected)
    {
        Assert.True(ContainerOptions.TryParsePort(port, type, out var exposed));
        Assert.Equal(expected, exposed);
    }

    [Theory]
    [InlineData("0", "tcp")]
    [InlineData("80", "sctp")]
    [InlineData("http", "")]
    public void Bad_ports(string port, string type) => Assert.False(ContainerOptions.TryParsePort(port, type, out _));

    [Theory]
    [InlineData("#1 [internal] load metadata", MessageImportance.Normal)]
    [InlineData("#3 DONE 0.4s", MessageImportance.Normal)]
    [InlineData("#3 CACHED", MessageImportance.Normal)]
    [InlineData("#4 ERROR: failed", MessageImportance.Normal)]
    [InlineData("#4 0.231 some log line", MessageImportance.Low)]
    [InlineData("#5 sha256:abcd 1.20MB / 3.40MB 0.5s", MessageImportance.Low)]
    [InlineData("{\"vertexes\":[]}", MessageImportance.Low)]
    public void Progress_lines_get_an_importance(string line, MessageImportance expected) =>
        Assert.Equal(expected, MsBuildLogWriter.ImportanceOf(line));
}
