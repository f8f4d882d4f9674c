using System.Text.Json;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli.Tests;

/// <summary><c>debug dump-llb</c> on Definitions marshalled by the graph, and on bytes that are not one.</summary>
public sealed class DebugCommandTests
{
    private static LlbDefinition Sample() =>
        State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64)
            .File(FileActions.Mkdir("/app", 493).Copy(State.Local("context"), "/", "/app/"))
            .WithCustomName("COPY . /app/")
            .Marshal();

    [Fact]
    public async Task Dump_llb_prints_one_json_object_per_op_with_its_digest()
    {
        using var dir = new TempDirectory();
        var definition = Sample();
        var file = Path.Combine(dir.Path, "def.pb");
        await File.WriteAllBytesAsync(file, definition.ToByteArray(), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("debug", "dump-llb", file);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(definition.Ops.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            Assert.Equal(definition.Ops[i].Digest.ToString(), json.RootElement.GetProperty("Digest").GetString());
            Assert.True(json.RootElement.TryGetProperty("Op", out _));
            Assert.True(json.RootElement.TryGetProperty("OpMetadata", out _));
        }

        using var copy = JsonDocument.Parse(lines[2]);
        Assert.Equal("COPY . /app/", copy.RootElement.GetProperty("OpMetadata").GetProperty("description").GetProperty("llb.customname").GetString());
    }

    [Fact]
    public async Task Dump_llb_dot_prints_a_digraph_with_an_edge_per_input()
    {
        using var dir = new TempDirectory();
        var definition = Sample();
        var file = Path.Combine(dir.Path, "def.pb");
        await File.WriteAllBytesAsync(file, definition.ToByteArray(), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("debug", "dump-llb", "--dot", file);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("digraph {", run.Output, StringComparison.Ordinal);
        Assert.Equal(definition.Ops.Sum(o => o.Inputs.Count), run.Output.Split('\n').Count(l => l.Contains(" -> ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Garbage_is_one_error_line_and_exit_1()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "garbage");
        await File.WriteAllTextAsync(file, "this is not protobuf\n", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("debug", "dump-llb", file);

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("not an LLB definition", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_missing_file_is_one_error_line_and_exit_1()
    {
        var run = await CliRun.RunAsync("debug", "dump-llb", "/nonexistent/def.pb");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
    }
}
