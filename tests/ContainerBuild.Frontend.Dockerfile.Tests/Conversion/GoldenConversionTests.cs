using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

/// <summary>
/// Golden conversions: each <c>Golden/NAME.Dockerfile</c> converted for linux/arm64 on a linux/amd64 builder, its Definition
/// dumped one op per line (<c>NAME.jsonl</c>) and its image config (<c>NAME.config.json</c>). Set CB_UPDATE_GOLDEN=1 to
/// rewrite them after a deliberate change.
/// </summary>
public sealed class GoldenConversionTests
{
    private static readonly string Folder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "ContainerBuild.Frontend.Dockerfile.Tests", "Conversion", "Golden");

    private static bool Update => Environment.GetEnvironmentVariable("CB_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Names() =>
        [.. Directory.EnumerateFiles(Folder, "*.Dockerfile").Select(f => Path.GetFileName(f)[..^".Dockerfile".Length]).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_conversion_is_the_golden_one_and_loads(string name)
    {
        var images = ConversionHarness.Images()
            .With("127.0.0.1:5000/dotnet/sdk:10.0", new ContainerConfig { Env = ["PATH=/usr/bin:/bin", "DOTNET_SDK_VERSION=10.0.100"] });
        var converted = await ConversionHarness.ConvertAsync(
            File.ReadAllText(Path.Combine(Folder, name + ".Dockerfile")),
            r => r with { TargetPlatforms = [Platform.LinuxArm64], BuildPlatform = Platform.LinuxAmd64 },
            images);

        var dump = string.Concat(DefinitionDump.JsonLines(converted.Definition).Select(l => l + "\n"));
        var image = new ImageConfig
        {
            Architecture = "arm64",
            OS = "linux",
            Author = converted.Metadata.Author,
            Config = converted.Metadata.ToContainerConfig(),
            RootFileSystem = new RootFileSystem { DiffIds = [] },
        };
        var config = System.Text.Encoding.UTF8.GetString(image.ToJsonBytes()) + "\n";
        var dumpPath = Path.Combine(Folder, name + ".jsonl");
        var configPath = Path.Combine(Folder, name + ".config.json");
        if (Update)
        {
            File.WriteAllText(dumpPath, dump);
            File.WriteAllText(configPath, config);
        }

        Assert.True(File.Exists(dumpPath), $"No golden file {dumpPath}; run with CB_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(dumpPath), dump);
        Assert.Equal(File.ReadAllText(configPath), config);
        LlbDefinition.Parse(converted.Definition.ToByteArray()).Validate();
    }
}
