namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// ContainerPlatforms in the PackageReference form: NuGet's restore never sees a package's targets, so the other
/// platforms' runtime packs come from restores of their own during the publish; the result is one OCI archive with an index.
/// </summary>
public sealed class PlatformsPackageReferenceTests
{
    [Fact]
    public async Task Two_platforms_from_a_package_reference_make_an_index_in_the_archive()
    {
        Requires.Registry();
        using var project = SdkProject.FromSample("Hello", SdkReference.PackageReference);
        project.AddToProject("""
              <PropertyGroup>
                <ContainerPlatforms>linux/amd64;linux/arm64</ContainerPlatforms>
                <SelfContained>true</SelfContained>
              </PropertyGroup>
            """);
        using var output = new TempDirectory("cb-sdk-platforms");
        var archive = Path.Combine(output.Path, "hello.tar");

        var publish = await project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={TestEnvironment.Registry}",
            $"-p:ContainerArchiveOutputPath={archive}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var index = await ContainerTools.RawAsync("oci-archive:" + archive);
        var architectures = index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).Order();
        Assert.Equal(["amd64", "arm64"], architectures);
    }
}
