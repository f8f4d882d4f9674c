using System.CommandLine;

namespace ContainerBuild.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task Version_prints_the_product_version_and_exits_zero()
    {
        var output = new StringWriter();
        var parse = CliApp.CreateRootCommand().Parse(["version"]);

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output }, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        Assert.StartsWith($"ContainerBuild {ProductInfo.Version} ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_a_message()
    {
        var error = new StringWriter();
        var parse = CliApp.CreateRootCommand().Parse(["frobnicate"]);

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error }, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", error.ToString(), StringComparison.Ordinal);
    }
}
