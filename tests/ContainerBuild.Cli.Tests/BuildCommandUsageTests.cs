namespace ContainerBuild.Cli.Tests;

/// <summary><c>build</c>'s command line: what is refused before anything is built, and how.</summary>
public sealed class BuildCommandUsageTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-build-usage");

    public BuildCommandUsageTests()
    {
        File.WriteAllText(temp.Combine("Dockerfile"), "FROM scratch\n");
    }

    public void Dispose() => temp.Dispose();

    private Task<CliRun> BuildAsync(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string?> { ["CONTAINERBUILD_ROOT"] = temp.Combine("store") }, ["build", .. args]);

    [Theory]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("--progress=fancy", "fancy")]
    [InlineData("--platform=linux/vax", "vax")]
    [InlineData("--network=bridge", "bridge")]
    [InlineData("--push", "-t")]
    [InlineData("-o=type=image,colour=red", "colour")]
    [InlineData("-o=type=tar", "dest")]
    [InlineData("-t=Not A/Name", "Not A/Name")]
    [InlineData("--secret=id=x,src=no-such-file", "no-such-file")]
    [InlineData("--ssh=default=no-such.sock", "no-such.sock")]
    [InlineData("--build-arg==x", "--build-arg")]
    [InlineData("--allow=everything", "everything")]
    [InlineData("--platform=linux/amd64,linux/arm64|--load", "one platform")]
    [InlineData("-o=-", "standard output")]
    public async Task A_flag_that_cannot_be_honoured_is_a_usage_error_that_names_it(string flag, string named)
    {
        var run = await BuildAsync([.. flag.Split('|'), temp.Path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error()
    {
        var run = await BuildAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("argument", run.Error, StringComparison.Ordinal);
        Assert.Contains("build --help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_as_the_context_and_a_Dockerfile_path_together_are_refused()
    {
        var run = await BuildAsync("-f", temp.Combine("Dockerfile"), "-");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
    }

    [Fact]
    public async Task A_context_that_does_not_exist_is_one_error_line_that_names_it()
    {
        var run = await BuildAsync(temp.Combine("nowhere"));

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("nowhere", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_Dockerfile_says_to_name_it_with_f()
    {
        var run = await BuildAsync("--progress=quiet", "-f", temp.Combine("Other.Dockerfile"), temp.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: The Dockerfile", run.Error, StringComparison.Ordinal);
        Assert.Contains("Other.Dockerfile", run.Error, StringComparison.Ordinal);
        Assert.Contains("-f", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Dockerfile_that_does_not_parse_is_one_error_line_with_its_file_and_line()
    {
        File.WriteAllText(temp.Combine("Broken.Dockerfile"), "FROM scratch\nFRM scratch\n");

        var run = await BuildAsync("--progress=quiet", "-f", temp.Combine("Broken.Dockerfile"), temp.Path);

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("error: Broken.Dockerfile:2", run.Error, StringComparison.Ordinal);
        Assert.Contains("FRM", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BUILDKIT_PROGRESS_chooses_the_printer_under_auto()
    {
        var environment = new Dictionary<string, string?> { ["CONTAINERBUILD_ROOT"] = temp.Combine("store"), ["BUILDKIT_PROGRESS"] = "rawjson" };

        var run = await CliRun.RunAsync(environment, "build", "-f", temp.Combine("Missing.Dockerfile"), temp.Path);

        Assert.Equal(1, run.ExitCode);
        var first = run.Error.Split('\n')[0];
        Assert.StartsWith("{\"vertexes\":[{\"digest\":\"sha256:", first, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"[internal] load build definition from Missing.Dockerfile\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tarball_on_standard_input_is_refused_with_what_to_do()
    {
        var gzip = "\u001f\u008b\u0008" + new string('\0', 20);
        var run = await CliRun.RunAsync(new CliContext(new Dictionary<string, string?>()) { StandardInput = new StringReader(gzip) }, "build", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("extract it", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_buildx_flags()
    {
        var run = await BuildAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var flag in (string[])["--file", "--tag", "--build-arg", "--target", "--platform", "--output", "--push", "--load", "--progress", "--secret", "--ssh", "--no-cache", "--no-cache-filter", "--pull", "--label", "--network", "--metadata-file", "--iidfile", "--quiet"])
        {
            Assert.Contains(flag, run.Output, StringComparison.Ordinal);
        }
    }
}
