using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Frontend.Dockerfile.Syntax;
using ContainerBuild.Frontend.Dockerfile.Tests.Fuzzing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Syntax;

/// <summary>
/// Each <c>Golden/*.Dockerfile</c> parses to exactly the model in its <c>.json</c> beside it. After a deliberate change,
/// run with <c>CB_UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static TheoryData<string> Names => [.. DockerfileCorpus.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_dockerfile_parses_to_its_golden_model(string name)
    {
        var text = File.ReadAllText(Path.Join(DockerfileCorpus.Directory, name + ".Dockerfile"));
        var actual = Dump(DockerfileParser.Parse(text, name + ".Dockerfile"));
        var goldenPath = Path.Join(DockerfileCorpus.Directory, name + ".json");
        if (Environment.GetEnvironmentVariable("CB_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(goldenPath, actual);
        }

        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing; run with CB_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(goldenPath), actual);
    }

    private static string Dump(DockerfileDocument document)
    {
        var stages = new JsonArray();
        foreach (var stage in document.Stages)
        {
            stages.Add(new JsonObject
            {
                ["index"] = stage.Index,
                ["name"] = stage.Name,
                ["from"] = Node(stage.From),
                ["commands"] = new JsonArray([.. stage.Commands.Select(Node)]),
            });
        }

        var root = new JsonObject
        {
            ["directives"] = JsonSerializer.SerializeToNode(document.Directives, Options),
            ["metaArgs"] = JsonSerializer.SerializeToNode(document.MetaArgs, Options),
            ["stages"] = stages,
            ["warnings"] = JsonSerializer.SerializeToNode(document.Warnings, Options),
        };
        return root.ToJsonString(Options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonNode? Node(Instruction instruction)
    {
        var node = JsonSerializer.SerializeToNode(instruction, instruction.GetType(), Options)!.AsObject();
        if (instruction is OnbuildInstruction onbuild)
        {
            node["Trigger"] = Node(onbuild.Trigger);
        }

        return node;
    }
}
