using ContainerBuild.Progress;

namespace ContainerBuild.Tests.Progress;

/// <summary>Choosing a printer: the flag, BUILDKIT_PROGRESS only under auto, and the console.</summary>
public sealed class ProgressModeTests
{
    [Theory]
    [InlineData("auto", null, false, ProgressMode.Plain)]
    [InlineData("auto", null, true, ProgressMode.Tty)]
    [InlineData("auto", "rawjson", true, ProgressMode.RawJson)]
    [InlineData("auto", "quiet", false, ProgressMode.Quiet)]
    [InlineData("auto", "nonsense", false, ProgressMode.Plain)]
    [InlineData("plain", "rawjson", false, ProgressMode.Plain)]
    [InlineData("rawjson", "plain", false, ProgressMode.RawJson)]
    [InlineData("none", null, false, ProgressMode.Quiet)]
    [InlineData("TTY", null, false, ProgressMode.Tty)]
    [InlineData("auto", "tty", false, ProgressMode.Tty)]
    public void The_mode_honours_BUILDKIT_PROGRESS_only_under_auto(string flag, string? variable, bool console, ProgressMode expected)
    {
        var environment = new Dictionary<string, string?> { [ProgressPrinters.ModeVariable] = variable };

        Assert.Equal(expected, ProgressPrinters.Resolve(ProgressPrinters.Parse(flag), environment, console));
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("tty", false)]
    public void A_dumb_terminal_gets_plain_instead_of_tty(string flag, bool console)
    {
        var environment = new Dictionary<string, string?> { ["TERM"] = "dumb" };

        Assert.Equal(ProgressMode.Plain, ProgressPrinters.Resolve(ProgressPrinters.Parse(flag), environment, console));
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_accepted_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ProgressPrinters.Parse("fancy"));
        Assert.Contains("auto, plain, tty, rawjson or quiet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_mode_creates_its_printer()
    {
        using var output = new StringWriter();
        var none = new Dictionary<string, string?>();
        Assert.IsType<PlainProgressPrinter>(ProgressPrinters.Create(ProgressMode.Plain, output, none, isConsole: false));
        Assert.IsType<RawJsonProgressPrinter>(ProgressPrinters.Create(ProgressMode.RawJson, output, none, isConsole: false));
        Assert.IsType<QuietProgressPrinter>(ProgressPrinters.Create(ProgressMode.Quiet, output, none, isConsole: false));
        var tty = Assert.IsType<TtyProgressPrinter>(ProgressPrinters.Create(ProgressMode.Tty, output, none, isConsole: false));
        tty.Complete();
    }
}
