using ContainerBuild.Frontend.Dockerfile.DockerIgnore;

namespace ContainerBuild.Frontend.Dockerfile.Tests.DockerIgnore;

public sealed class DockerIgnoreFileTests
{
    [Theory]
    [InlineData("bin", "bin")]
    [InlineData("bin/", "bin")]
    [InlineData("  obj  ", "obj")]
    [InlineData("/leading", "leading")]
    [InlineData("//double/leading", "double/leading")]
    [InlineData("/", "/")]
    [InlineData("./src/../docs", "docs")]
    [InlineData("!important.md", "!important.md")]
    [InlineData("! spaced.md ", "!spaced.md")]
    [InlineData("!/rooted.md", "!rooted.md")]
    [InlineData("!", "!")]
    [InlineData("**/*.cs", "**/*.cs")]
    [InlineData("a\\*b", "a\\*b")]
    [InlineData(" # not a comment", "# not a comment")]
    [InlineData("..", "..")]
    [InlineData("a/./b//c", "a/b/c")]
    [InlineData("\tdir/*\t", "dir/*")]
    public void A_line_becomes_the_pattern_docker_would_use(string line, string expected)
    {
        Assert.Equal([expected], DockerIgnoreFile.Parse(line));
    }

    [Theory]
    [InlineData("# comment")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Comments_and_blank_lines_give_nothing(string line)
    {
        Assert.Empty(DockerIgnoreFile.Parse(line));
    }

    [Fact]
    public void A_file_keeps_its_patterns_in_order_across_line_endings_and_a_bom()
    {
        var text = "\uFEFF# build output\r\nbin/\r\nobj/\n\n*.md\n!README.md\n  \n**/node_modules\n";

        Assert.Equal(["bin", "obj", "*.md", "!README.md", "**/node_modules"], DockerIgnoreFile.Parse(text));
    }

    [Fact]
    public async Task A_file_on_disk_reads_the_same()
    {
        using var directory = new TempDirectory("cb-dockerignore");
        var path = directory.Combine(".dockerignore");
        await File.WriteAllTextAsync(path, "bin\n!bin/keep\n", TestContext.Current.CancellationToken);

        Assert.Equal(["bin", "!bin/keep"], await DockerIgnoreFile.ReadAsync(path, TestContext.Current.CancellationToken));
    }
}
