using System.IO.Compression;

namespace ContainerBuild.Packaging.Tests;

/// <summary>Each package used as a user would: tool install, both ways into MSBuild, dotnet new.</summary>
public sealed class InstallTests
{
    [Fact]
    public async Task The_tool_installs_from_the_feed_and_runs()
    {
        Requires.Packages();
        using var temp = new TempDirectory("cb-tool");

        var tool = await InstallToolAsync(temp);
        var run = await ProcessRunner.RunAsync(tool, ["version"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"ContainerBuild {LocalFeed.Version}", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_linux_x64_the_installed_tool_is_the_native_one()
    {
        Requires.Packages();
        if (!ToolPackages.HostIsNativeRid)
        {
            Assert.Skip($"`dotnet tool install` picks the Native AOT package on {ToolPackages.NativeRid} only.");
        }

        using var temp = new TempDirectory("cb-tool");

        var tool = new FileInfo(await InstallToolAsync(temp));
        var target = tool.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? tool;
        var head = new byte[4];
        using (var stream = target.OpenRead())
        {
            stream.ReadExactly(head);
        }

        var version = await ProcessRunner.RunAsync(tool.FullName, ["version"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains($"{ToolPackages.Pointer}.{ToolPackages.NativeRid}", target.FullName, StringComparison.OrdinalIgnoreCase);
        Assert.True(ToolPackages.IsElf(head), $"{target.FullName} is not a native executable.");
        Assert.False(File.Exists(Path.Combine(target.DirectoryName!, $"{ToolPackages.Command}.dll")), "a managed entry point lies beside the native tool");
        Assert.Contains("Native AOT", version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_tool_inspects_a_registry_image_and_reads_its_store()
    {
        Requires.Packages();
        Requires.Registry();
        using var temp = new TempDirectory("cb-tool");
        var tool = await InstallToolAsync(temp);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["CONTAINERBUILD_ROOT"] = temp.Combine("store") };

        // JSON, HTTP and the content store in the shipped binary (AOT on linux-x64: no reflection-based serialisation).
        var inspect = await ProcessRunner.RunAsync(tool, ["imagetools", "inspect", $"{TestEnvironment.Registry}/busybox:latest", "--format", "json"],
            environment: environment, cancellationToken: TestContext.Current.CancellationToken);
        var du = await ProcessRunner.RunAsync(tool, ["du"], environment: environment, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(inspect.ExitCode == 0, inspect.Output);
        using var json = System.Text.Json.JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal("application/vnd.oci.image.index.v1+json", json.RootElement.GetProperty("mediaType").GetString());
        Assert.StartsWith("sha256:", json.RootElement.GetProperty("digest").GetString(), StringComparison.Ordinal);
        Assert.True(du.ExitCode == 0, du.Output);
        Assert.Contains("Total:", du.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_framework_dependent_fallback_runs_on_dotnet()
    {
        using var temp = new TempDirectory("cb-tool-any");
        using (var package = ToolPackages.Open($"{ToolPackages.Pointer}.any"))
        {
            package.ExtractToDirectory(temp.Path);
        }

        var run = await LocalFeed.DotnetAsync(temp.Path, Path.Combine(temp.Path, "tools", "net10.0", "any", $"{ToolPackages.Command}.dll"), "version");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"ContainerBuild {LocalFeed.Version}", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Native AOT", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sdk", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"ContainerBuild.Sdk\" Version=\"{0}\" />")]
    [InlineData("Sdk", "<Project Sdk=\"Microsoft.NET.Sdk;ContainerBuild.Sdk/{0}\">")]
    [InlineData("PackageReference", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup><PackageReference Include=\"ContainerBuild.Sdk\" Version=\"{0}\" PrivateAssets=\"all\" /></ItemGroup>")]
    public async Task The_sdk_package_loads_its_tasks(string mode, string projectHead)
    {
        Requires.Packages();
        using var temp = new TempDirectory("cb-sdk");
        LocalFeed.WriteNuGetConfig(temp.Path);
        File.WriteAllText(temp.Combine("App.csproj"), string.Format(System.Globalization.CultureInfo.InvariantCulture, projectHead, LocalFeed.Version) + """

              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(temp.Combine("Program.cs"), "System.Console.WriteLine(\"hi\");");

        var result = await LocalFeed.DotnetAsync(temp.Path, "msbuild", "-restore", "-t:ContainerBuildInfo", "-nologo");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"ContainerBuild {LocalFeed.Version} ({mode})", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("containerbuild-webapi")]
    [InlineData("containerbuild-worker")]
    public async Task A_template_gives_a_project_that_builds_with_the_sdk(string template)
    {
        Requires.Packages();
        using var temp = new TempDirectory("cb-template");
        var hive = temp.Combine("hive");
        var nupkg = Path.Combine(LocalFeed.Folder, $"ContainerBuild.Templates.{LocalFeed.Version}.nupkg");
        (await LocalFeed.DotnetAsync(temp.Path, "new", "install", nupkg, "--debug:custom-hive", hive)).EnsureSuccess("dotnet new install");

        (await LocalFeed.DotnetAsync(temp.Path, "new", template, "-n", "MyApp", "-o", "MyApp", "--debug:custom-hive", hive)).EnsureSuccess("dotnet new");
        var project = temp.Combine("MyApp");
        LocalFeed.WriteNuGetConfig(project);
        var build = await LocalFeed.DotnetAsync(project, "msbuild", "-restore", "-t:Build;ContainerBuildInfo", "-nologo");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(File.Exists(Path.Combine(project, "MyApp.csproj")), "the template did not name the project after -n");
        Assert.Contains($"ContainerBuild {LocalFeed.Version} (PackageReference)", build.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>`dotnet tool install` from the feed into a folder of the test's own; returns the command's path.</summary>
    private static async Task<string> InstallToolAsync(TempDirectory temp)
    {
        var toolPath = temp.Combine("tools");
        (await LocalFeed.DotnetAsync(temp.Path, "tool", "install", ToolPackages.Pointer, "--tool-path", toolPath,
            "--add-source", LocalFeed.Folder, "--version", LocalFeed.Version)).EnsureSuccess("dotnet tool install");
        return Path.Combine(toolPath, ToolPackages.Command);
    }
}
