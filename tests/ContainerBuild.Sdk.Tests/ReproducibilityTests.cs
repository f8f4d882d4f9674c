namespace ContainerBuild.Sdk.Tests;

/// <summary>The same commit published from two clones in different folders gives the same image, byte for byte.</summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public async Task Two_clones_of_one_commit_publish_the_same_digest()
    {
        Requires.Registry();
        using var first = SdkProject.FromSample("Hello", SdkReference.SdkElement);
        var repository = Path.GetDirectoryName(first.Directory)!;
        await GitAsync(repository, "init", "-q");
        await GitAsync(repository, "add", "-A");
        await GitAsync(repository, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one", "--date=@1600000000");
        using var clones = new TempDirectory("cb-sdk-clone");
        var second = Path.Combine(clones.Path, "elsewhere");
        await GitAsync(clones.Path, "clone", "-q", repository, second);
        var tag = ContainerTools.UniqueTag();

        var digests = new List<string>();
        foreach (var project in new[] { first.ProjectPath, Path.Combine(second, "Hello", "Hello.csproj") })
        {
            // ContinuousIntegrationBuild maps source paths to /_/, so the compiled app does not name its folder.
            var publish = await first.DotnetAsync("publish", project, "-c", "Release", "-nologo", "-p:PublishContainer=true", "-p:ContinuousIntegrationBuild=true",
                $"-p:ContainerRegistry={TestEnvironment.Registry}", $"-p:ContainerDefaultBaseRegistry={TestEnvironment.Registry}",
                $"-p:ContainerImageTag={tag}", "-getProperty:GeneratedContainerDigest");
            Assert.True(publish.ExitCode == 0, publish.Output);
            digests.Add(publish.StandardOutput.Trim());
        }

        Assert.StartsWith("sha256:", digests[0], StringComparison.Ordinal);
        Assert.Equal(digests[0], digests[1]);
    }

    private static async Task GitAsync(string directory, params string[] arguments) =>
        (await ProcessRunner.RunAsync("git", arguments, directory, new Dictionary<string, string?> { ["GIT_COMMITTER_DATE"] = "@1600000000" },
            cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("git " + arguments[0]);
}
