using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;
using static ContainerBuild.Tests.Progress.ProgressScript;

namespace ContainerBuild.Tests.Progress;

/// <summary>The tty printer: frames redrawn in place on its timer, checked on a replayed screen and in the raw escapes.</summary>
public sealed class TtyProgressPrinterTests
{
    private const int Width = 60;
    private const string Load = "[internal] load build definition from Dockerfile";
    private const string From = "[1/3] FROM 127.0.0.1:5000/busybox:latest";
    private const string Run = "[2/3] RUN echo hi";
    private const string Copy = "[3/3] COPY . /app";

    private readonly ManualClock clock = new(T0);
    private readonly StringWriter output = new() { NewLine = "\n" };

    private TtyProgressPrinter Printer(int? height = null, int logLines = 6) =>
        new(output, new TtyProgressOptions { Width = Width, Height = height, LogLines = logLines }, clock);

    private static string Row(string left, string right) => left.PadRight(Width - right.Length) + right;

    private IReadOnlyList<string> Screen => VirtualTerminal.Screen(output.ToString());

    private static void Publish(IProgressPrinter printer, params SolveStatus[] statuses)
    {
        foreach (var status in statuses)
        {
            printer.Publish(status);
        }
    }

    [Fact]
    public void A_tick_draws_the_header_each_started_step_with_its_time_transfers_and_the_last_log_lines_of_running_steps()
    {
        var printer = Printer();
        Publish(
            printer,
            Started("load", Load, 0),
            Status("load", "transferring dockerfile:", 227, 0, started: 0, at: 0.02, completed: 0.03),
            Done("load", Load, 0, 0.1),
            Started("run", Run, 1, "load"),
            Log("run", "hi\nsecond\npart", 1.2),
            new SolveStatus { Vertexes = [new VertexUpdate { Digest = D("copy"), Name = Copy }] });

        clock.Now = At(2.5);
        clock.Tick(0);

        Assert.Equal(
            [
                "[+] Building 2.5s (1/3)",
                Row(" => " + Load, "0.1s"),
                Row(" => => transferring dockerfile: 227B", "0.0s"),
                Row(" => " + Run, "1.5s"),
                " => => # hi",
                " => => # second",
                " => => # part",
            ],
            Screen);
    }

    [Fact]
    public void Each_redraw_moves_the_cursor_back_over_the_last_frame_and_leaves_nothing_of_it_behind()
    {
        var printer = Printer();
        Publish(printer, Started("run", Run, 0), Log("run", "one\ntwo\nthree\n", 0.5));
        clock.Now = At(1);
        clock.Tick(0);
        var firstFrame = output.ToString();

        Publish(printer, Done("run", Run, 0, 1.2), Started("copy", Copy, 1.2, "run"));
        clock.Tick(0.3);

        var redraw = output.ToString()[firstFrame.Length..];
        Assert.StartsWith("\u001b[5A\r", redraw, StringComparison.Ordinal); // header, step, three log lines
        Assert.EndsWith("\u001b[J", redraw, StringComparison.Ordinal);
        Assert.Equal(
            [
                "[+] Building 1.3s (1/2)",
                Row(" => " + Run, "1.2s"),
                Row(" => " + Copy, "0.1s"),
            ],
            Screen);
    }

    [Fact]
    public void A_running_step_redraws_on_every_tick_and_a_quiet_finished_view_does_not()
    {
        var printer = Printer();
        Publish(printer, Started("run", Run, 0));
        clock.Tick(1);
        clock.Tick(1);
        Assert.Equal(Row(" => " + Run, "2.0s"), Screen[1]);

        Publish(printer, Done("run", Run, 0, 2));
        clock.Tick(0);
        var settled = output.ToString().Length;
        clock.Tick(1);
        clock.Tick(1);

        Assert.Equal(settled, output.ToString().Length);
    }

    [Fact]
    public void Complete_draws_the_final_summary_without_logs_and_then_the_failed_steps_last_lines()
    {
        var printer = Printer();
        Publish(
            printer,
            Started("from", From, 0),
            Done("from", From, 0, 0.4),
            Started("copy", Copy, 0.4, "from"),
            Done("copy", Copy, 0.4, 0.4, cached: true),
            Started("run", Run, 0.5, "copy"),
            Log("run", "oops\nlast words", 0.6, stream: 2));
        clock.Now = At(0.7);
        clock.Tick(0);
        Assert.Contains(" => => # last words", Screen);

        Publish(printer, Done("run", Run, 0.5, 0.8, error: "process \"/bin/sh -c echo hi\" did not complete successfully: exit code: 1"));
        clock.Now = At(0.9);
        printer.Complete();

        Assert.Equal(
            [
                "[+] Building 0.9s (3/3) FINISHED",
                Row(" => " + From, "0.4s"),
                Row(" => CACHED " + Copy, "0.0s"),
                Row(" => ERROR " + Run, "0.3s"),
                "------",
                " > [2/3] RUN echo hi:",
                "0.100 oops",
                "0.100 last words",
                "------",
            ],
            Screen);
        Assert.Equal(0, clock.ActiveTimers);
    }

    [Fact]
    public void The_live_view_fits_the_screen_by_dropping_finished_steps_first()
    {
        var printer = Printer(height: 6);
        for (var i = 0; i < 6; i++)
        {
            Publish(printer, Started($"s{i}", $"[{i}/9] RUN step {i}", i), Done($"s{i}", $"[{i}/9] RUN step {i}", i, i + 0.5));
        }

        Publish(printer, Started("run", Run, 6), Log("run", "a\nb\n", 6.1));
        clock.Now = At(7);
        clock.Tick(0);

        var live = Screen;
        Assert.Equal(5, live.Count);
        Assert.Equal("[+] Building 7.0s (6/7)", live[0]);
        Assert.Equal([Row(" => [5/9] RUN step 5", "0.5s"), Row(" => " + Run, "1.0s"), " => => # a", " => => # b"], live.Skip(1));

        printer.Complete();
        Assert.Equal(8, Screen.Count); // the summary shows every step
    }

    [Fact]
    public void Long_names_are_cut_to_keep_the_time_at_the_right_edge_and_carriage_returns_keep_what_a_terminal_shows()
    {
        var printer = Printer(logLines: 2);
        var name = "[2/3] RUN " + new string('x', 100);
        Publish(printer, Started("run", name, 0), Log("run", "downloading 10%\rdownloading 100%\nok\n" + new string('y', 100), 0.5));
        clock.Now = At(1);
        clock.Tick(0);

        var screen = Screen;
        Assert.All(screen, line => Assert.True(line.Length <= Width, $"'{line}' is wider than {Width}"));
        Assert.Equal((" => " + name)[..(Width - 5)] + " 1.0s", screen[1]);
        Assert.Equal([" => => # ok", (" => => # " + new string('y', 100))[..Width]], screen.Skip(2));
    }

    [Fact]
    public void Events_after_Complete_are_ignored()
    {
        var printer = Printer();
        Publish(printer, Started("run", Run, 0), Done("run", Run, 0, 1));
        printer.Complete();
        var text = output.ToString();

        printer.Publish(Started("late", Copy, 2));
        printer.Redraw();
        printer.Complete();

        Assert.Equal(text, output.ToString());
    }
}
