using ContainerBuild.Build;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>The git HEAD commit time a Dockerfile build falls back to when SOURCE_DATE_EPOCH is not given.</summary>
public sealed class GitCommitTimeTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-git");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task It_is_the_committer_time_of_HEAD_from_any_folder_in_the_repository()
    {
        var git = Requires.Program("git");
        var environment = new Dictionary<string, string?>
        {
            ["GIT_COMMITTER_DATE"] = "@1600000000 +0000",
            ["GIT_AUTHOR_DATE"] = "@1500000000 +0000",
            ["GIT_AUTHOR_NAME"] = "t",
            ["GIT_AUTHOR_EMAIL"] = "t@example.invalid",
            ["GIT_COMMITTER_NAME"] = "t",
            ["GIT_COMMITTER_EMAIL"] = "t@example.invalid",
        };
        Directory.CreateDirectory(temp.Combine("sub"));
        await File.WriteAllTextAsync(temp.Combine("sub", "a.txt"), "a", TestContext.Current.CancellationToken);
        (await ProcessRunner.RunAsync(git, ["-C", temp.Path, "init", "-q"], cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("git init");
        (await ProcessRunner.RunAsync(git, ["-C", temp.Path, "add", "."], cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("git add");
        (await ProcessRunner.RunAsync(git, ["-C", temp.Path, "commit", "-q", "-m", "one"], environment: environment, cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("git commit");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600000000), await GitCommitTime.OfHeadAsync(temp.Combine("sub"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_folder_outside_any_repository_has_none()
    {
        Assert.Null(await GitCommitTime.OfHeadAsync(Path.GetTempPath(), TestContext.Current.CancellationToken));
    }
}
