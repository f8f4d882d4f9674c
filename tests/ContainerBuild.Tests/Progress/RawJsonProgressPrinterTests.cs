using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;
using static ContainerBuild.Tests.Progress.ProgressScript;

namespace ContainerBuild.Tests.Progress;

/// <summary>The rawjson printer against the JSON Go's encoding/json writes for BuildKit's SolveStatus.</summary>
public sealed class RawJsonProgressPrinterTests
{
    [Fact]
    public void Each_status_is_one_line_with_BuildKit_field_names_order_and_omissions()
    {
        using var output = new StringWriter();
        var printer = new RawJsonProgressPrinter(output);
        var vertex = new VertexUpdate
        {
            Digest = D("copy"),
            Inputs = [D("from")],
            Name = "[2/2] COPY <app> & more",
            Started = At(1.5),
            Completed = At(2.0000001),
            Cached = true,
        };

        printer.Publish(new SolveStatus { Vertexes = [vertex] });
        printer.Publish(Status("from", "sha256:abc", 100, 200, started: 1, at: 1.25) with { });
        printer.Publish(Log("run", "hi\n", 3));
        printer.Publish(new SolveStatus { Warnings = [new VertexWarning { Vertex = D("run"), Level = 1, Short = "bad", Detail = ["why"], Url = "https://example.com" }] });
        printer.Publish(new SolveStatus { Vertexes = [new VertexUpdate { Digest = D("run") }] });
        printer.Complete();

        var lines = output.ToString().Split('\n');
        Assert.Equal(
            [
                $$"""{"vertexes":[{"digest":"{{D("copy")}}","inputs":["{{D("from")}}"],"name":"[2/2] COPY \u003capp\u003e \u0026 more","started":"2025-01-01T00:00:01.5Z","completed":"2025-01-01T00:00:02.0000001Z","cached":true}]}""",
                $$"""{"statuses":[{"id":"sha256:abc","vertex":"{{D("from")}}","total":200,"current":100,"timestamp":"2025-01-01T00:00:01.25Z","started":"2025-01-01T00:00:01Z"}]}""",
                $$"""{"logs":[{"vertex":"{{D("run")}}","stream":1,"data":"aGkK","timestamp":"2025-01-01T00:00:03Z"}]}""",
                $$"""{"warnings":[{"vertex":"{{D("run")}}","level":1,"short":"YmFk","detail":["d2h5"],"url":"https://example.com"}]}""",
                $$"""{"vertexes":[{"digest":"{{D("run")}}"}]}""",
                "",
            ],
            lines);
    }
}
