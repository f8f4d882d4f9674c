namespace ContainerBuild.Packaging.Tests;

/// <summary>Each package used as a user would: tool install, both ways into MSBuild, dotnet new.</summary>
public sealed class InstallTests
{
    [Fact]
    public async Task The_tool_installs_from_the_feed_and_runs()
    {
        Requires.Packages();
        using var temp = new TempDirectory("cb-tool");
        var toolPath = temp.Combine("tools");

        (await LocalFeed.DotnetAsync(temp.Path, "tool", "install", "ContainerBuild.Cli", "--tool-path", toolPath,
            "--add-source", LocalFeed.Folder, "--version", LocalFeed.Version)).EnsureSuccess("dotnet tool install");
        var run = await ProcessRunner.RunAsync(Path.Combine(toolPath, "dotnet-containerbuild"), ["version"],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"ContainerBuild {LocalFeed.Version}", run.StandardOutput, StringComparison.Ordinal);
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
}
