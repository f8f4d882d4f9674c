using ContainerBuild.Build;
using ContainerBuild.Dockerfile;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>--build-arg and --label values, and the build args a Dockerfile build adds from the environment.</summary>
public sealed class BuildArgsTests
{
    [Fact]
    public void A_bare_name_takes_its_value_from_the_environment_and_is_left_out_when_unset()
    {
        var environment = new Dictionary<string, string?> { ["FROM_ENV"] = "yes", ["EMPTY"] = "" };

        var args = BuildArgs.Parse(["A=1", "B=x=y", "C=", "FROM_ENV", "EMPTY", "UNSET"], environment);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y", ["C"] = "", ["FROM_ENV"] = "yes", ["EMPTY"] = "" }, args);
    }

    [Theory]
    [InlineData("=value")]
    [InlineData("")]
    public void A_build_arg_without_a_name_is_refused(string value)
    {
        var error = Assert.Throws<InvalidBuildOptionException>(() => BuildArgs.Parse([value], new Dictionary<string, string?>()));

        Assert.Equal("--build-arg", error.Option);
    }

    [Fact]
    public void A_bare_label_is_empty()
    {
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "" }, BuildArgs.ParseLabels(["a=1", "b"]));
    }

    [Fact]
    public void SOURCE_DATE_EPOCH_and_proxies_come_from_the_environment_unless_given_as_build_args()
    {
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000", ["HTTP_PROXY"] = "http://proxy:3128", ["no_proxy"] = "localhost", ["OTHER"] = "x" };

        var fromEnvironment = DockerfileBuildService.BuildArgsWithEnvironment(new Dictionary<string, string>(), environment);
        var given = DockerfileBuildService.BuildArgsWithEnvironment(new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1", ["HTTP_PROXY"] = "http://mine" }, environment);

        Assert.Equal(new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000", ["HTTP_PROXY"] = "http://proxy:3128", ["no_proxy"] = "localhost" }, fromEnvironment);
        Assert.Equal("1", given["SOURCE_DATE_EPOCH"]);
        Assert.Equal("http://mine", given["HTTP_PROXY"]);
    }

    [Fact]
    public void The_SOURCE_DATE_EPOCH_build_arg_is_the_source_date_and_a_bad_one_is_an_option_error()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), DockerfileBuildService.SourceDateOf(new Dictionary<string, string> { [SourceDateEpoch.Variable] = "1700000000" }));
        Assert.Null(DockerfileBuildService.SourceDateOf(new Dictionary<string, string>()));

        var error = Assert.Throws<InvalidBuildOptionException>(() => DockerfileBuildService.SourceDateOf(new Dictionary<string, string> { [SourceDateEpoch.Variable] = "yesterday" }));
        Assert.Contains("SOURCE_DATE_EPOCH", error.Message, StringComparison.Ordinal);
    }
}
