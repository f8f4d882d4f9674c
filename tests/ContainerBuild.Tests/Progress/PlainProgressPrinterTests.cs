using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;
using static ContainerBuild.Tests.Progress.ProgressScript;

namespace ContainerBuild.Tests.Progress;

/// <summary>The plain printer against BuildKit's plain format, event stream in, exact text out.</summary>
public sealed class PlainProgressPrinterTests
{
    private static string Print(params SolveStatus[] statuses)
    {
        using var output = new StringWriter { NewLine = "\n" };
        var printer = new PlainProgressPrinter(output);
        foreach (var status in statuses)
        {
            printer.Publish(status);
        }

        printer.Complete();
        return output.ToString();
    }

    [Fact]
    public void A_build_prints_blocks_numbered_in_order_of_appearance_with_transfers_logs_cached_done_and_errors()
    {
        const string Load = "[internal] load build definition from Dockerfile";
        const string From = "[1/3] FROM 127.0.0.1:5000/busybox:latest";
        const string Run = "[2/3] RUN echo hi";
        const string Copy = "[3/3] COPY . /app";
        const string Fail = "[4/4] RUN false";
        const string Layer = "sha256:2b1c4f1e6a8c1b0e0f7e0b1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d";
        var text = Print(
            Started("load", Load, 0),
            Status("load", "transferring dockerfile:", 227, 0, started: 0, at: 0.02, completed: 0.03),
            Done("load", Load, 0, 0.1),
            Started("from", From, 1),
            Status("from", Layer, 1_200_000, 3_400_000, started: 1, at: 1.5),
            Status("from", Layer, 3_400_000, 3_400_000, started: 1, at: 1.9, completed: 1.9),
            Done("from", From, 1, 2),
            Started("run", Run, 2, "from"),
            Warn("run", "Empty continuation line"),
            Log("run", "hi\npart", 2.231),
            Log("run", "ial line\n", 12.5),
            Done("run", Run, 2, 2.3),
            Started("copy", Copy, 3, "run"),
            Done("copy", Copy, 3, 3, cached: true),
            Started("fail", Fail, 4, "copy"),
            Log("fail", "oops\n", 4.1, stream: 2),
            Done("fail", Fail, 4, 4.2, error: "process \"/bin/sh -c false\" did not complete successfully: exit code: 1"));

        Assert.Equal(
            """
            #1 [internal] load build definition from Dockerfile
            #1 transferring dockerfile: 227B 0.0s done
            #1 DONE 0.1s

            #2 [1/3] FROM 127.0.0.1:5000/busybox:latest
            #2 sha256:2b1c4f1e6a8c1b0e0f7e0b1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d 1.20MB / 3.40MB 0.5s
            #2 sha256:2b1c4f1e6a8c1b0e0f7e0b1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d 3.40MB / 3.40MB 0.9s done
            #2 DONE 1.0s

            #3 [2/3] RUN echo hi
            #3 WARN: Empty continuation line
            #3 0.231 hi
            #3 0.231 partial line
            #3 DONE 0.3s

            #4 [3/3] COPY . /app
            #4 CACHED

            #5 [4/4] RUN false
            #5 0.100 oops
            #5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
            ------
             > [4/4] RUN false:
            0.100 oops
            ------

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Output_stays_with_the_running_vertex_and_says_when_it_moves_away_before_it_finished()
    {
        var text = Print(
            Started("a", "step a", 0),
            Log("a", "a1\n", 0.5),
            Started("b", "step b", 0.6),
            Log("b", "b1\n", 0.7),
            Log("a", "a2\n", 1.25),
            Done("a", "step a", 0, 2),
            Log("b", "b2\n", 12.35),
            Started("c", "step c", 13),
            Done("c", "step c", 13, 13, error: "rpc error: context canceled"));

        // b waits while a runs; when a completes, b's pending lines follow; c's cancel is CANCELED; b never finished.
        Assert.Equal(
            """
            #1 step a
            #1 0.500 a1
            #1 1.250 a2
            #1 DONE 2.0s

            #2 step b
            #2 0.100 b1
            #2 11.75 b2
            #2 ...

            #3 step c
            #3 CANCELED

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Theory]
    [InlineData(0, "00B")]
    [InlineData(5, "05B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1.00kB")]
    [InlineData(1_234_567, "1.23MB")]
    [InlineData(5_000_000_000, "5.00GB")]
    public void Sizes_are_written_as_BuildKit_writes_them(long bytes, string expected)
    {
        var text = Print(Started("v", "pull", 0), Status("v", "layer", bytes, 0, started: 0, at: 0), Done("v", "pull", 0, 0));

        var line = text.Split('\n')[1];
        Assert.Equal(bytes == 0 ? "#1 layer" : $"#1 layer {expected}", line);
    }

    [Fact]
    public void An_error_line_holds_only_the_first_line_of_the_error_and_the_logs_come_once_at_the_end()
    {
        const string Run = "[2/2] RUN exit 3";
        var text = Print(
            Started("run", Run, 0),
            Log("run", "oops\n", 0.2),
            Done("run", Run, 0, 0.3, error: "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3\noops"));

        Assert.Equal(
            """
            #1 [2/2] RUN exit 3
            #1 0.200 oops
            #1 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3
            ------
             > [2/2] RUN exit 3:
            0.200 oops
            ------

            """.ReplaceLineEndings("\n"),
            text);
    }
}
