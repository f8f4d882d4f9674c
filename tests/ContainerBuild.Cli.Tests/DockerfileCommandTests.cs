using ContainerBuild.Testing;

namespace ContainerBuild.Cli.Tests;

/// <summary><c>dotnet containerbuild dockerfile PROJECT</c>: the multi-stage Dockerfile of the containerized build.</summary>
public sealed class DockerfileCommandTests
{
    [Fact]
    public async Task The_WebApi_Dockerfile_restores_with_the_NuGet_cache_before_copying_sources_and_copies_each_layer_folder_owned_by_the_app_user()
    {
        Requires.Registry();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var project = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "WebApi", "WebApi.csproj");
        var run = await CliRun.RunAsync(environment, "dockerfile", project, "--base-registry", TestEnvironment.Registry);

        Assert.Equal(0, run.ExitCode);
        var text = run.Output;
        Assert.StartsWith("# syntax=docker/dockerfile:1\n", text, StringComparison.Ordinal);
        Assert.Contains($"FROM --platform=$BUILDPLATFORM {TestEnvironment.Registry}/dotnet/sdk:10.0@sha256:", text, StringComparison.Ordinal);
        var restore = text.IndexOf("--mount=type=cache,id=nuget,target=/root/.nuget/packages,sharing=locked --mount=type=secret,id=containerbuild-host-ca,target=/etc/ssl/certs/ca-certificates.crt,mode=0444 dotnet restore samples/WebApi/WebApi.csproj -r linux-x64", StringComparison.Ordinal);
        var sources = text.IndexOf("COPY [\"samples/WebApi\",\"/src/samples/WebApi/\"]", StringComparison.Ordinal);
        var publish = text.IndexOf("dotnet publish samples/WebApi/WebApi.csproj --no-restore -r linux-x64", StringComparison.Ordinal);
        Assert.True(restore > 0 && sources > restore && publish > sources, text);
        Assert.Contains($"FROM {TestEnvironment.Registry}/dotnet/aspnet:10.0@sha256:", text, StringComparison.Ordinal);
        foreach (var folder in (string[])["runtime", "packages", "projectreferences", "staticwebassets", "app"])
        {
            Assert.Contains($"COPY --from=build --chown=1654 /layers/{folder}/ /app/\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("USER 1654\n", text, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080/tcp\n", text, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\",\"/app/WebApi.dll\"]\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("COPY --link", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_host_certificates_no_CA_bundle_is_mounted()
    {
        Requires.Registry();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var project = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "WebApi", "WebApi.csproj");
        var run = await CliRun.RunAsync(environment, "dockerfile", project, "--base-registry", TestEnvironment.Registry, "--no-host-certificates");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("ca-certificates.crt", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_with_a_project_and_a_Dockerfile_prints_the_project_s_Dockerfile_not_an_error()
    {
        Requires.Registry();
        using var temp = new TempDirectory("cb-netgraph-cli");
        Directory.CreateDirectory(temp.Combine(".git"));
        var folder = temp.Combine("App");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), "System.Console.WriteLine(1);");
        File.WriteAllText(Path.Combine(folder, "Dockerfile"), "FROM scratch\n");
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

        var run = await CliRun.RunAsync(environment, "dockerfile", folder, "--base-registry", TestEnvironment.Registry);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("dotnet publish App.csproj --no-restore -r linux-x64", run.Output, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\",\"/app/App.dll\"]\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_with_two_projects_and_no_Dockerfile_is_refused_with_what_to_give()
    {
        using var temp = new TempDirectory("cb-netgraph-cli");
        File.WriteAllText(temp.Combine("A.csproj"), "<Project />");
        File.WriteAllText(temp.Combine("B.csproj"), "<Project />");
        var run = await CliRun.RunAsync("dockerfile", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("several projects", run.Error, StringComparison.Ordinal);
    }
}
