using System.Text.Json;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// DESIGN decision 7 through <c>dotnet publish -p:PublishContainer=true</c>: after a one-line change in Program.cs, the
/// republish sends the registry the new app layer, the config and the manifest, and nothing else (the package layer
/// and the base's layers stay where they are), counted at a proxy in front of the registry.
/// </summary>
public sealed class IncrementalPushTests
{
    // Requests, headers and the manifest; far below the package layer this test checks is not sent again.
    private const long ProtocolAllowance = 48 * 1024;

    [Fact]
    public async Task A_one_line_change_in_Program_cs_uploads_only_the_app_layer()
    {
        Requires.Registry();
        await using var proxy = new CountingRegistryProxy(TestEnvironment.Registry);
        using var project = SdkProject.Create(
            SdkReference.PackageReference,
            """
              <PropertyGroup>
                <ContainerRepository>sdk-tests/incremental</ContainerRepository>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
              </ItemGroup>
            """,
            program: "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { greeting = \"hi\" }));");
        var (firstTag, secondTag) = (ContainerTools.UniqueTag(), ContainerTools.UniqueTag());
        string[] publish = ["-p:PublishContainer=true", $"-p:ContainerRegistry={proxy.Address}", $"-p:ContainerDefaultBaseRegistry={proxy.Address}"];

        var first = await project.PublishAsync([.. publish, $"-p:ContainerImageTag={firstTag}"]);
        Assert.True(first.ExitCode == 0, first.Output);
        File.WriteAllText(Path.Combine(project.Directory, "Program.cs"), "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { greeting = \"a changed line\" }));");
        proxy.Reset();
        var second = await project.PublishAsync([.. publish, $"-p:ContainerImageTag={secondTag}"]);
        var uploaded = proxy.BytesSent;
        Assert.True(second.ExitCode == 0, second.Output);

        var before = await ManifestAsync(firstTag);
        var after = await ManifestAsync(secondTag);
        var (oldLayers, newLayers) = (Layers(before), Layers(after));
        Assert.Equal(oldLayers.Count, newLayers.Count);
        Assert.Equal(oldLayers.SkipLast(1).Select(l => l.Digest), newLayers.SkipLast(1).Select(l => l.Digest));
        Assert.NotEqual(oldLayers[^1].Digest, newLayers[^1].Digest);

        var app = newLayers[^1].Size;
        var packages = newLayers[^2].Size;
        var config = after.GetProperty("config").GetProperty("size").GetInt64();
        TestContext.Current.TestOutputHelper?.WriteLine($"republish after a one-line change: {uploaded} bytes sent; app layer {app}, config {config}, package layer {packages} (not sent)");
        Assert.True(packages > ProtocolAllowance, $"the package layer ({packages} bytes) must be larger than the allowance for this test to tell");
        Assert.InRange(uploaded, app + config, app + config + ProtocolAllowance);
    }

    private static Task<JsonElement> ManifestAsync(string tag) =>
        ContainerTools.RawAsync($"docker://{TestEnvironment.Registry}/sdk-tests/incremental:{tag}");

    private static List<(string Digest, long Size)> Layers(JsonElement manifest) =>
        [.. manifest.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("digest").GetString()!, l.GetProperty("size").GetInt64()))];
}
