using ContainerBuild.Frontend.Dockerfile.DockerIgnore;

namespace ContainerBuild.Frontend.Dockerfile.Tests.DockerIgnore;

public sealed class DockerIgnoreLocatorTests : IDisposable
{
    private readonly TempDirectory context = new("cb-dockerignore-ctx");

    public void Dispose() => context.Dispose();

    [Fact]
    public void The_dockerfile_s_own_ignore_file_wins_over_the_context_s()
    {
        Directory.CreateDirectory(context.Combine("build"));
        File.WriteAllText(context.Combine(".dockerignore"), "a");
        File.WriteAllText(context.Combine("build", "app.Dockerfile.dockerignore"), "b");

        Assert.Equal(context.Combine("build", "app.Dockerfile.dockerignore"), DockerIgnoreLocator.Find(context.Path, "build/app.Dockerfile"));
    }

    [Fact]
    public void The_context_s_ignore_file_applies_when_the_dockerfile_has_none()
    {
        File.WriteAllText(context.Combine(".dockerignore"), "a");

        Assert.Equal(context.Combine(".dockerignore"), DockerIgnoreLocator.Find(context.Path, "Dockerfile"));
    }

    [Fact]
    public void Without_any_ignore_file_there_is_none()
    {
        Assert.Null(DockerIgnoreLocator.Find(context.Path, "Dockerfile"));
        Assert.Equal([context.Combine("Dockerfile.dockerignore"), context.Combine(".dockerignore")], DockerIgnoreLocator.Candidates(context.Path, "Dockerfile"));
    }
}
