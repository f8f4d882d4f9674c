using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// Parses a Dockerfile into its typed model: lines to <see cref="SyntaxNode"/>s (<see cref="DockerfileSyntax"/>), nodes
/// to instructions (<see cref="InstructionParser"/>), instructions to stages. Any error is a
/// <see cref="DockerfileParseException"/> naming the file and line.
/// </summary>
public static class DockerfileParser
{
    public static DockerfileDocument Parse(string text, string fileName = "Dockerfile")
    {
        var tree = DockerfileSyntax.Parse(text, fileName);
        if (tree.Nodes.Count == 0)
        {
            var lastLine = Math.Max(1, text.Count(c => c == '\n') + (text.EndsWith('\n') || text.Length == 0 ? 0 : 1));
            throw new DockerfileParseException(SourceRange.Line(fileName, lastLine), "file with no instructions");
        }

        var warnings = new List<DockerfileWarning>(tree.Warnings);
        var metaArgs = new List<MetaArg>();
        var stages = new List<Stage>();
        var stageNames = new HashSet<string>(StringComparer.Ordinal);
        FromInstruction? from = null;
        var commands = new List<Instruction>();
        foreach (var node in tree.Nodes)
        {
            var instruction = InstructionParser.Parse(node);
            Warn(instruction, warnings);
            switch (instruction)
            {
                case FromInstruction nextFrom:
                    if (from is not null)
                    {
                        stages.Add(new Stage { Index = stages.Count, From = from, Commands = commands });
                        commands = [];
                    }

                    if (nextFrom.StageName is { } name && !stageNames.Add(name))
                    {
                        throw new DockerfileParseException(nextFrom.Location, $"duplicate stage name \"{name}\"");
                    }

                    from = nextFrom;
                    break;
                case ArgInstruction arg when from is null:
                    metaArgs.AddRange(arg.Arguments.Select(declaration => new MetaArg(declaration.Name, declaration.DefaultValue, arg.Location)));
                    break;
                case var command when from is null:
                    throw new DockerfileParseException(command.Location, $"no build stage in current context ({command.Keyword} before the first FROM)");
                default:
                    commands.Add(instruction);
                    break;
            }
        }

        if (from is null)
        {
            throw new DockerfileParseException(tree.Nodes[^1].Location, "dockerfile contains no stages to build (no FROM instruction)");
        }

        stages.Add(new Stage { Index = stages.Count, From = from, Commands = commands });
        return new DockerfileDocument
        {
            FileName = fileName,
            Directives = tree.Directives,
            MetaArgs = metaArgs,
            Stages = stages,
            Warnings = warnings,
        };
    }

    private static void Warn(Instruction instruction, List<DockerfileWarning> warnings)
    {
        switch (instruction)
        {
            case MaintainerInstruction:
                warnings.Add(new DockerfileWarning("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", instruction.Location));
                break;
            case EnvInstruction { LegacyForm: true }:
            case LabelInstruction { LegacyForm: true }:
                warnings.Add(new DockerfileWarning(
                    "LegacyKeyValueFormat",
                    $"\"{instruction.Keyword} key=value\" should be used instead of legacy \"{instruction.Keyword} key value\" format",
                    instruction.Location));
                break;
        }
    }
}
