using ContainerBuild.Dockerfile;
using ContainerBuild.Progress;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>What a Dockerfile build checks before it converts anything: the context and the Dockerfile exist.</summary>
public sealed class DockerfileBuildInputsTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dfinputs");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_context_that_is_not_a_folder_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<BuildInputNotFoundException>(() =>
            new DockerfileBuildService().BuildAsync(new DockerfileBuildRequest { ContextDirectory = temp.Combine("nope"), StoreRoot = temp.Combine("store") }, TestContext.Current.CancellationToken));

        Assert.Equal("context", error.Input);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_Dockerfile_fails_its_load_step_in_the_progress_and_says_to_use_f()
    {
        Directory.CreateDirectory(temp.Combine("ctx"));
        var progress = new StringWriter { NewLine = "\n" };

        var error = await Assert.ThrowsAsync<BuildInputNotFoundException>(() => new DockerfileBuildService().BuildAsync(
            new DockerfileBuildRequest { ContextDirectory = temp.Combine("ctx"), StoreRoot = temp.Combine("store"), Progress = ProgressMode.Plain, ProgressOutput = progress },
            TestContext.Current.CancellationToken));

        Assert.Equal("Dockerfile", error.Input);
        Assert.Contains("-f", error.Message, StringComparison.Ordinal);
        Assert.Contains("#1 [internal] load build definition from Dockerfile\n#1 ERROR: ", progress.ToString(), StringComparison.Ordinal);
    }
}
