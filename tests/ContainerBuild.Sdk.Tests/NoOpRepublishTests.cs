using System.Text.Json;
using System.Text.RegularExpressions;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// Issue 6: <c>dotnet publish -p:PublishContainer=true</c> again with nothing changed answers from the fingerprint in
/// obj/ (one line says so) with the same outputs, and a changed tag builds again.
/// </summary>
public sealed partial class NoOpRepublishTests
{
    private const string Unchanged = "image unchanged (fingerprint)";

    private static string Registry => TestEnvironment.Registry;

    [Fact]
    public async Task A_republish_with_nothing_changed_says_the_image_is_unchanged_and_pushes_the_same_digest()
    {
        Requires.Registry();
        using var project = SdkProject.FromSample("Hello", SdkReference.PackageReference);
        var tag = ContainerTools.UniqueTag();
        string[] publish = ["-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerRegistry={Registry}"];

        var first = await project.PublishAsync([.. publish, $"-p:ContainerImageTag={tag}"]);
        var second = await project.PublishAsync([.. publish, $"-p:ContainerImageTag={tag}"]);
        var retagged = await project.PublishAsync([.. publish, $"-p:ContainerImageTag={tag}-2"]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.True(retagged.ExitCode == 0, retagged.Output);
        Assert.DoesNotContain(Unchanged, first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Unchanged, second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Unchanged, retagged.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(PushedDigest(first.StandardOutput), PushedDigest(second.StandardOutput));
        Assert.Equal(PushedDigest(first.StandardOutput), PushedDigest(retagged.StandardOutput));
        var pushed = await ContainerTools.RawAsync($"docker://{Registry}/samples/hello:{tag}-2");
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", pushed.GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task A_two_platform_republish_gives_back_the_same_index_and_platform_items()
    {
        Requires.Registry();
        using var project = SdkProject.FromSample("Hello", SdkReference.PackageReference);
        string[] publish =
        [
            "-p:PublishContainer=true", "-p:ContainerPlatforms=linux/amd64%3Blinux/arm64", "-p:SelfContained=true",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerRegistry={Registry}", $"-p:ContainerImageTag={ContainerTools.UniqueTag()}",
            "-getProperty:GeneratedImageIndex", "-getProperty:GeneratedContainerDigest", "-getItem:GeneratedContainerPlatform",
        ];
        var log = Path.Combine(project.Directory, "second.log");

        var first = await project.PublishAsync(publish);
        var second = await project.PublishAsync([.. publish, $"-flp:v=n;logfile={log}"]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains(Unchanged, File.ReadAllText(log), StringComparison.Ordinal);
        using var before = JsonDocument.Parse(first.StandardOutput);
        using var after = JsonDocument.Parse(second.StandardOutput);
        foreach (var property in (string[])["GeneratedImageIndex", "GeneratedContainerDigest"])
        {
            var value = after.RootElement.GetProperty("Properties").GetProperty(property).GetString();
            Assert.False(string.IsNullOrEmpty(value), property);
            Assert.Equal(before.RootElement.GetProperty("Properties").GetProperty(property).GetString(), value);
        }

        Assert.Equal(Platforms(before), Platforms(after));
        Assert.Equal(2, Platforms(after).Count);
    }

    private static string PushedDigest(string output) => PushedLine().Match(output) is { Success: true } match ? match.Groups[1].Value : "";

    private static List<string> Platforms(JsonDocument outputs) =>
        [.. outputs.RootElement.GetProperty("Items").GetProperty("GeneratedContainerPlatform").EnumerateArray()
            .Select(i => $"{i.GetProperty("Platform").GetString()} {i.GetProperty("ManifestDigest").GetString()} {i.GetProperty("RuntimeIdentifier").GetString()}")];

    [GeneratedRegex(@"Pushed image '[^']*' .*\((sha256:[0-9a-f]{64})\)")]
    private static partial Regex PushedLine();
}
