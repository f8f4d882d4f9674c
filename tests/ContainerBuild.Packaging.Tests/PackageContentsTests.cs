using System.IO.Compression;

namespace ContainerBuild.Packaging.Tests;

/// <summary>The packages exist under their fixed ids, with the one version, and carry what their users load.</summary>
public sealed class PackageContentsTests
{
    [Theory]
    [InlineData("ContainerBuild.Cli", "tools/any/any/DotnetToolSettings.xml")]
    [InlineData("ContainerBuild.Cli.any", "tools/net10.0/any/dotnet-containerbuild.dll", "tools/net10.0/any/DotnetToolSettings.xml")]
    [InlineData("ContainerBuild.Sdk", "Sdk/Sdk.props", "Sdk/Sdk.targets", "build/ContainerBuild.Sdk.props", "build/ContainerBuild.Sdk.targets", "tasks/net10.0/ContainerBuild.Tasks.dll", "tasks/net10.0/ContainerBuild.dll")]
    [InlineData("ContainerBuild.Templates", "content/webapi/.template.config/template.json", "content/worker/.template.config/template.json")]
    public void Package_has_its_entries(string id, params string[] entries)
    {
        using var package = Open(id);

        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.All(entries, entry => Assert.Contains(entry, names));
    }

    [Fact]
    public void The_tool_package_points_at_a_native_package_and_a_framework_dependent_fallback()
    {
        using var package = Open(ToolPackages.Pointer);
        var settings = ToolPackages.Settings(package);

        var command = Assert.Single(settings.Descendants("Command"));
        var pointers = settings.Descendants("RuntimeIdentifierPackage")
            .ToDictionary(p => (string)p.Attribute("RuntimeIdentifier")!, p => (string?)p.Attribute("Id"), StringComparer.Ordinal);

        Assert.Equal(ToolPackages.Command, (string?)command.Attribute("Name"));
        Assert.Equal(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [ToolPackages.NativeRid] = $"{ToolPackages.Pointer}.{ToolPackages.NativeRid}",
            ["any"] = $"{ToolPackages.Pointer}.any",
        }, pointers);
        Assert.DoesNotContain(package.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fallback_tool_runs_on_the_installed_runtime()
    {
        using var package = Open($"{ToolPackages.Pointer}.any");

        var command = Assert.Single(ToolPackages.Settings(package).Descendants("Command"));

        Assert.Equal(ToolPackages.Command, (string?)command.Attribute("Name"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));
        Assert.Equal($"{ToolPackages.Command}.dll", (string?)command.Attribute("EntryPoint"));
    }

    [Fact]
    public void The_linux_x64_tool_is_one_native_executable()
    {
        if (!ToolPackages.HostIsNativeRid)
        {
            Assert.Skip($"eng/build.sh builds the Native AOT package on {ToolPackages.NativeRid} only.");
        }

        using var package = Open($"{ToolPackages.Pointer}.{ToolPackages.NativeRid}");
        var command = Assert.Single(ToolPackages.Settings(package).Descendants("Command"));
        var executable = package.GetEntry($"tools/any/{ToolPackages.NativeRid}/{ToolPackages.Command}");
        var head = new byte[4];
        if (executable is not null)
        {
            using var stream = executable.Open();
            stream.ReadExactly(head);
        }

        Assert.Equal("executable", (string?)command.Attribute("Runner"));
        Assert.Equal(ToolPackages.Command, (string?)command.Attribute("EntryPoint"));
        Assert.True(ToolPackages.IsElf(head), $"tools/any/{ToolPackages.NativeRid}/{ToolPackages.Command} is missing or not an ELF executable.");

        // Nothing beside it: no managed assemblies (it would not be AOT), no symbols (20 MB no user needs).
        Assert.Equal(
            [$"tools/any/{ToolPackages.NativeRid}/DotnetToolSettings.xml", $"tools/any/{ToolPackages.NativeRid}/{ToolPackages.Command}"],
            package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tools/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
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

    private static ZipArchive Open(string id) => ToolPackages.Open(id);
}
