namespace ContainerBuild.Graph.Tests;

/// <summary>
/// Golden Definitions: the exact bytes (<c>.pb</c>) and their dump (<c>.jsonl</c>, one op per line
/// with its digest) of each scenario. Set CB_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
/// </summary>
public sealed class GoldenDefinitionTests
{
    private static readonly string Folder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "ContainerBuild.Graph.Tests", "Golden");

    private static bool Update => Environment.GetEnvironmentVariable("CB_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Names() => [.. Scenarios.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_definition_is_byte_for_byte_the_golden_one(string name)
    {
        var definition = Scenarios.All().Single(s => s.Name == name).Build();
        var bytes = definition.ToByteArray();
        var dump = string.Concat(DefinitionDump.JsonLines(definition).Select(l => l + "\n"));
        var pbPath = Path.Combine(Folder, name + ".pb");
        var dumpPath = Path.Combine(Folder, name + ".jsonl");
        if (Update)
        {
            File.WriteAllBytes(pbPath, bytes);
            File.WriteAllText(dumpPath, dump);
        }

        Assert.True(File.Exists(pbPath), $"No golden file {pbPath}; run with CB_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(dumpPath), dump);
        Assert.Equal(File.ReadAllBytes(pbPath), bytes);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_definition_passes_the_servers_load_rules(string name)
    {
        var definition = Scenarios.All().Single(s => s.Name == name).Build();

        LlbDefinition.Parse(definition.ToByteArray()).Validate();
    }
}
