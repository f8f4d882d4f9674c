namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// Every corpus case (Corpus/NAME: a Dockerfile and its context) built by us and by <c>docker build</c> (dockerd's
/// BuildKit 0.8), and the two images compared: flattened file list with content digests, modes, owners and link
/// targets (whiteouts applied), and the config a runtime reads. See <see cref="ImageSnapshot"/> for what is left out
/// and why, and <see cref="ConformanceCase"/> for a case's options. <c>CB_CONFORMANCE_CASES=a,b</c> runs only those cases.
/// </summary>
public sealed class DockerfileConformanceTests(ConformanceFixture fixture) : IClassFixture<ConformanceFixture>
{
    public static TheoryData<string> Cases => new(ConformanceCase.All.Select(c => c.Name).Where(Selected));

    private static bool Selected(string name) =>
        Environment.GetEnvironmentVariable("CB_CONFORMANCE_CASES") is not { Length: > 0 } only
        || only.Split(',', StringSplitOptions.TrimEntries).Contains(name, StringComparer.Ordinal);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_corpus_has_at_least_25_cases_each_with_a_description()
    {
        Assert.True(ConformanceCase.All.Count >= 25, $"{ConformanceCase.All.Count} cases in {ConformanceCase.CorpusDirectory}");
        Assert.All(ConformanceCase.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), $"{c.Name} has no `# conformance:` description"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_image_matches_docker_build(string name)
    {
        Requires.Registry();
        var cli = Requires.Docker();
        Requires.Program("runc");
        Requires.Component("root (for overlay mounts and runc)", Environment.UserName == "root", "run the tests as root");
        var @case = ConformanceCase.Get(name);
        var docker = fixture.Docker(cli);

        var reference = await docker.ImageAsync(@case, Token);
        var buildArgs = await docker.BuildArgsAsync(@case, Token);
        string layout, progress;
        try
        {
            (layout, progress) = await fixture.BuildOursAsync(@case, buildArgs, Token);
        }
        catch (InvalidOperationException e) when (@case.KnownDifference is { } reason)
        {
            Assert.Skip($"Known difference: {reason}\n{e.Message.Split('\n')[0]}");
            throw;
        }

        var theirs = await ImageReaders.FromRegistryAsync(fixture.Registry, reference, Token);
        var ours = await ImageReaders.FromOciLayoutAsync(layout, Token);

        var differences = ImageComparison.Compare(theirs, ours, @case.IgnoreContent);
        TestContext.Current.SendDiagnosticMessage("{0}: docker {1}, {2} paths, {3} differences", name, reference, theirs.Files.Count, differences.Count);
        if (@case.KnownDifference is { } why)
        {
            Assert.True(differences.Count > 0, $"{name} is marked as a known difference ({why}), but the images now agree: remove the marker.");
            Assert.Skip($"Known difference: {why}\n{ImageComparison.Report(differences, max: 20)}");
        }

        Assert.True(
            differences.Count == 0,
            $"{name} ({@case.Description}): our image differs from docker's {reference}:\n{ImageComparison.Report(differences)}\nour build:\n{progress}");
    }
}
