using System.IO.Compression;
using System.Xml.Linq;

namespace ContainerBuild.Packaging.Tests;

/// <summary>The three packages exist under their fixed ids, with the one version, and carry what their users load.</summary>
public sealed class PackageContentsTests
{
    [Theory]
    [InlineData("ContainerBuild.Cli", "tools/net10.0/any/dotnet-containerbuild.dll", "tools/net10.0/any/DotnetToolSettings.xml")]
    [InlineData("ContainerBuild.Sdk", "Sdk/Sdk.props", "Sdk/Sdk.targets", "build/ContainerBuild.Sdk.props", "build/ContainerBuild.Sdk.targets", "tasks/net10.0/ContainerBuild.Tasks.dll", "tasks/net10.0/ContainerBuild.dll")]
    [InlineData("ContainerBuild.Templates", "content/webapi/.template.config/template.json", "content/worker/.template.config/template.json")]
    public void Package_has_its_entries(string id, params string[] entries)
    {
        using var package = Open(id);

        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.All(entries, entry => Assert.Contains(entry, names));
    }

    [Fact]
    public void The_tool_command_is_dotnet_containerbuild()
    {
        using var package = Open("ContainerBuild.Cli");
        using var settings = package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open();

        var command = XDocument.Load(settings).Descendants("Command").Single();

        Assert.Equal("dotnet-containerbuild", (string?)command.Attribute("Name"));
    }

    [Fact]
    public void The_sdk_package_adds_no_assembly_to_the_app()
    {
        using var package = Open("ContainerBuild.Sdk");

        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("webapi")]
    [InlineData("worker")]
    public void Templates_default_to_the_sdk_of_the_same_release(string template)
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "templates", "ContainerBuild.Templates", "content", template, ".template.config", "template.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));

        var defaultVersion = json.RootElement.GetProperty("symbols").GetProperty("ContainerBuildVersion").GetProperty("defaultValue").GetString();

        Assert.Equal(LocalFeed.Version, defaultVersion);
    }

    private static ZipArchive Open(string id)
    {
        var folder = Requires.Packages();
        var path = Path.Combine(folder, $"{id}.{LocalFeed.Version}.nupkg");
        Assert.True(File.Exists(path), $"{path} is missing: dotnet pack did not produce {id} {LocalFeed.Version}.");
        return ZipFile.OpenRead(path);
    }
}
