using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Testing;

namespace ContainerBuild.Tests.DotNet.Containerized;

/// <summary>
/// What a containerized build takes from the project besides its sources: the container items and properties for the
/// image config (as the host publish path does), and the local NuGet feeds its NuGet.config names.
/// </summary>
public sealed class ContainerizedSettingsTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-netgraph-settings");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_plan_carries_the_projects_ports_env_labels_user_working_directory_and_app_command_into_the_config()
    {
        Requires.Registry();
        var ct = TestContext.Current.CancellationToken;
        var project = WriteProject("""
              <PropertyGroup>
                <ContainerUser>app</ContainerUser>
                <ContainerWorkingDirectory>/srv/app/</ContainerWorkingDirectory>
                <ContainerVendor>ContainerBuild tests</ContainerVendor>
              </PropertyGroup>
              <ItemGroup>
                <ContainerPort Include="9191" Type="udp" />
                <ContainerPort Include="7070" />
                <ContainerEnvironmentVariable Include="GREETING" Value="hi:there" />
                <ContainerLabel Include="com.example.team" Value="containerized" />
                <ContainerLabel Include="org.opencontainers.image.version" Value="2.0-project" />
                <ContainerAppCommandArgs Include="--urls;http://+:7070" />
              </ItemGroup>
            """);

        var plan = await PlanAsync(project, ct);

        var metadata = plan.Targets[0].Config.Metadata;
        Assert.Equal("app", metadata.User);
        Assert.Equal("/srv/app/", metadata.WorkingDir);
        Assert.Equal(["dotnet", "/srv/app/App.dll", "--urls", "http://+:7070"], metadata.Entrypoint);
        Assert.Contains("9191/udp", metadata.ExposedPorts);
        Assert.Contains("7070/tcp", metadata.ExposedPorts);
        Assert.Contains("GREETING=hi:there", metadata.Env);
        Assert.Equal("containerized", metadata.Labels["com.example.team"]);
        Assert.Equal("2.0-project", metadata.Labels["org.opencontainers.image.version"]); // the project's label wins over the generated one
        Assert.Equal("ContainerBuild tests", metadata.Labels["org.opencontainers.image.vendor"]);
        Assert.Equal("1970-01-01T00:00:00Z", metadata.Labels["org.opencontainers.image.created"]);
        Assert.Equal("10.0", metadata.Labels["net.dot.runtime.majorminor"]);
        Assert.Equal($"{TestEnvironment.Registry}/dotnet/runtime:10.0", metadata.Labels["org.opencontainers.image.base.name"]);

        // The printed Dockerfile says the same.
        var dockerfile = ContainerizedDockerfile.For(plan);
        Assert.Contains("EXPOSE 9191/udp\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENV GREETING=\"hi:there\"\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("LABEL \"com.example.team\"=\"containerized\"\n", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainerGenerateLabels_false_leaves_only_the_projects_labels_and_a_self_contained_app_starts_its_apphost()
    {
        Requires.Registry();
        var project = WriteProject("""
              <PropertyGroup>
                <ContainerGenerateLabels>false</ContainerGenerateLabels>
                <SelfContained>true</SelfContained>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
              </PropertyGroup>
              <ItemGroup>
                <ContainerLabel Include="only" Value="this" />
              </ItemGroup>
            """);

        var plan = await PlanAsync(project, TestContext.Current.CancellationToken);

        var metadata = plan.Targets[0].Config.Metadata;
        Assert.Equal(["only"], metadata.Labels.Keys);
        Assert.Equal(["/app/App"], metadata.Entrypoint);
        Assert.Equal($"{TestEnvironment.Registry}/dotnet/runtime-deps:10.0", plan.BaseImageName.ToString());
    }

    [Fact]
    public void Local_feeds_of_the_NuGet_configs_are_mounted_where_restore_in_the_build_stage_looks_for_them()
    {
        var root = temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(root, "src", "App"));
        Directory.CreateDirectory(Path.Combine(root, "feed"));
        var outside = temp.Combine("outside-feed");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(root, "src", "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="relative" value="../feed" />
                <add key="absolute" value="{outside}" />
                <add key="missing" value="./no-such-feed" />
              </packageSources>
            </configuration>
            """);

        var feeds = ContainerizedFeed.Find(root, ["src/NuGet.config"]);

        Assert.Equal(
            [new ContainerizedFeed(Path.Combine(root, "feed"), "/src/feed"), new ContainerizedFeed(outside, outside)],
            feeds);
    }

    private string WriteProject(string body)
    {
        var directory = temp.Combine("App");
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(temp.Combine(".git"));
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            {body}
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "System.Console.WriteLine(1);");
        return Path.Combine(directory, "App.csproj");
    }

    private static Task<ContainerizedPlan> PlanAsync(string project, CancellationToken ct)
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        environment.Remove("SOURCE_DATE_EPOCH");
        return ContainerizedBuildService.PlanAsync(
            new ContainerizedBuildRequest
            {
                ProjectPath = project,
                BaseRegistry = TestEnvironment.Registry,
                Environment = environment,
                StoreRoot = Path.Combine(Path.GetTempPath(), "cb-netgraph-test-store"),
            },
            ct);
    }
}
