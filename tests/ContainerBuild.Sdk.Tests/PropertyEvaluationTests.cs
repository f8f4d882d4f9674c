namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// The container properties as <c>ComputeContainerConfig</c> leaves them, read back with <c>dotnet msbuild
/// -getProperty/-getItem</c> on real projects that bring the SDK in: defaults, base image inference, normalisation,
/// validation errors. Nothing is published and no image is built.
/// </summary>
public sealed class PropertyEvaluationTests
{
    private static readonly string[] ConfigProperties =
    [
        "ContainerBaseImage", "ContainerRepository", "ContainerWorkingDirectory", "ContainerRuntimeIdentifier", "ContainerDefaultBaseRegistry",
        "ContainerCompression", "ContainerProgress", "ContainerSourceDateEpoch", "EnableSdkContainerSupport", "ContainerBaseRegistry",
        "ContainerBaseName", "ContainerBaseTag", "RuntimeIdentifiers", "_ContainersTargetsDir",
    ];

    private static readonly string[] ConfigItems = ["ContainerImageTags", "ContainerAppCommand", "ContainerLabel", "_ContainerBuildPlatform"];

    [Fact]
    public async Task A_console_app_gets_the_sdks_defaults()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, name: "Console.App");

        var result = await EvaluateAsync(project);

        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", result.Property("ContainerBaseImage"));
        Assert.Equal("mcr.microsoft.com", result.Property("ContainerBaseRegistry"));
        Assert.Equal("dotnet/runtime", result.Property("ContainerBaseName"));
        Assert.Equal("10.0", result.Property("ContainerBaseTag"));
        Assert.Equal("console.app", result.Property("ContainerRepository"));
        Assert.Equal(["latest"], result.Identities("ContainerImageTags"));
        Assert.Equal("/app/", result.Property("ContainerWorkingDirectory"));
        Assert.Equal(["dotnet", "/app/Console.App.dll"], result.Identities("ContainerAppCommand"));
        Assert.Equal("linux-x64", result.Property("ContainerRuntimeIdentifier"));
        Assert.Equal("gzip", result.Property("ContainerCompression"));
        Assert.Equal("auto", result.Property("ContainerProgress"));
        Assert.Equal("true", result.Property("EnableSdkContainerSupport"));
        Assert.Equal("mcr.microsoft.com", result.Property("ContainerDefaultBaseRegistry"));
    }

    [Fact]
    public async Task The_built_in_container_targets_are_not_imported()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement);

        var result = await project.DotnetAsync("msbuild", project.ProjectPath, "-nologo", "-preprocess:" + Path.Combine(project.Directory, "pp.xml"));

        Assert.True(result.ExitCode == 0, result.Output);
        var preprocessed = File.ReadAllText(Path.Combine(project.Directory, "pp.xml"));
        Assert.DoesNotContain("Microsoft.NET.Build.Containers.targets", preprocessed.Split('\n').Where(l => l.Contains("<Import", StringComparison.Ordinal)), StringComparer.Ordinal);
        Assert.Single(preprocessed.Split("<Target Name=\"PublishContainer\"", StringSplitOptions.None).Skip(1));
    }

    [Fact]
    public async Task The_repository_is_normalised_with_a_warning()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><ContainerRepository>Team/My App</ContainerRepository></PropertyGroup>");

        var result = await EvaluateAsync(project);

        Assert.Equal("team/my-app", result.Property("ContainerRepository"));
        Assert.Contains("warning CONTAINERBUILD002", result.Result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<ContainerRepository>-app</ContainerRepository>", "CONTAINERBUILD001")]
    [InlineData("<ContainerRepository>team//app</ContainerRepository>", "CONTAINERBUILD001")]
    [InlineData("<ContainerImageTag>-bad</ContainerImageTag>", "CONTAINERBUILD003")]
    [InlineData("<ContainerImageTags>1.0;bad:tag</ContainerImageTags>", "CONTAINERBUILD003")]
    [InlineData("<ContainerPlatforms>linux/amd64;linux/sparc</ContainerPlatforms>", "CONTAINERBUILD004")]
    [InlineData("<ContainerPlatforms>windows/amd64</ContainerPlatforms>", "CONTAINERBUILD004")]
    [InlineData("<ContainerBaseImage>Not An Image</ContainerBaseImage>", "CONTAINERBUILD005")]
    [InlineData("<ContainerRegistry>registry.example.com/team</ContainerRegistry>", "CONTAINERBUILD006")]
    [InlineData("<ContainerCompression>brotli</ContainerCompression>", "CONTAINERBUILD008")]
    [InlineData("<ContainerCompression>zstd</ContainerCompression><ContainerCompressionLevel>30</ContainerCompressionLevel>", "CONTAINERBUILD008")]
    [InlineData("<ContainerProgress>fancy</ContainerProgress>", "CONTAINERBUILD008")]
    [InlineData("<ContainerImageFormat>tarball</ContainerImageFormat>", "CONTAINERBUILD008")]
    [InlineData("<ContainerSourceDateEpoch>yesterday</ContainerSourceDateEpoch>", "CONTAINERBUILD009")]
    public async Task Invalid_input_is_an_error_with_its_code(string properties, string code)
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, $"<PropertyGroup>{properties}</PropertyGroup>");

        var result = await EvaluateAsync(project);

        Assert.NotEqual(0, result.Result.ExitCode);
        Assert.Contains($"error {code}", result.Result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_ports_and_environment_variables_are_errors()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, """
            <ItemGroup>
              <ContainerPort Include="70000" />
              <ContainerEnvironmentVariable Include="1BAD" Value="x" />
            </ItemGroup>
            """);

        var result = await EvaluateAsync(project);

        Assert.Contains("error CONTAINERBUILD008", result.Result.Output, StringComparison.Ordinal);
        Assert.Contains("error CONTAINERBUILD007", result.Result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.NET.Sdk", "", "runtime:10.0")]
    [InlineData("Microsoft.NET.Sdk.Web", "", "aspnet:10.0")]
    [InlineData("Microsoft.NET.Sdk.Web", "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>true</SelfContained>", "runtime-deps:10.0")]
    [InlineData("Microsoft.NET.Sdk", "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><PublishAot>true</PublishAot>", "runtime-deps:10.0-noble-chiseled-extra")]
    [InlineData("Microsoft.NET.Sdk", "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization>", "runtime-deps:10.0-noble-chiseled")]
    [InlineData("Microsoft.NET.Sdk", "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>true</SelfContained><PublishTrimmed>true</PublishTrimmed>", "runtime-deps:10.0-noble-chiseled-extra")]
    [InlineData("Microsoft.NET.Sdk", "<RuntimeIdentifier>linux-musl-x64</RuntimeIdentifier>", "runtime:10.0-alpine")]
    [InlineData("Microsoft.NET.Sdk.Web", "<ContainerFamily>noble-chiseled</ContainerFamily>", "aspnet:10.0-noble-chiseled-extra")]
    [InlineData("Microsoft.NET.Sdk", "<ContainerFamily>alpine</ContainerFamily>", "runtime:10.0-alpine")]
    public async Task The_base_image_is_inferred_like_the_sdks(string sdk, string properties, string expected)
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, $"<PropertyGroup>{properties}</PropertyGroup>", sdk);

        var result = await project.EvaluateAsync("ComputeContainerBaseImage", ["ContainerBaseImage"], []);

        Assert.Equal("mcr.microsoft.com/dotnet/" + expected, result.Property("ContainerBaseImage"));
    }

    [Fact]
    public async Task The_default_base_registry_is_a_property_and_a_set_base_image_is_kept()
    {
        using var inferred = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><ContainerDefaultBaseRegistry>127.0.0.1:5000</ContainerDefaultBaseRegistry></PropertyGroup>", "Microsoft.NET.Sdk.Web");
        using var set = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><ContainerBaseImage>127.0.0.1:5000/debian:bookworm-slim</ContainerBaseImage></PropertyGroup>");

        var fromRegistry = await inferred.EvaluateAsync("ComputeContainerBaseImage", ["ContainerBaseImage"], []);
        var kept = await EvaluateAsync(set);

        Assert.Equal("127.0.0.1:5000/dotnet/aspnet:10.0", fromRegistry.Property("ContainerBaseImage"));
        Assert.Equal("127.0.0.1:5000/debian:bookworm-slim", kept.Property("ContainerBaseImage"));
        Assert.Equal("debian", kept.Property("ContainerBaseName"));
    }

    [Fact]
    public async Task Platforms_map_to_runtime_identifiers_for_restore_and_publish()
    {
        using var glibc = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><ContainerPlatforms>linux/amd64;linux/arm64</ContainerPlatforms></PropertyGroup>");
        using var musl = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><ContainerPlatforms>linux/amd64, linux/arm/v7</ContainerPlatforms><ContainerFamily>alpine</ContainerFamily></PropertyGroup>");

        var plain = await EvaluateAsync(glibc);
        var alpine = await EvaluateAsync(musl);

        Assert.Equal(["linux-x64", "linux-arm64"], plain.Identities("_ContainerBuildPlatform"));
        Assert.Equal("linux/arm64", plain.ValueOf("_ContainerBuildPlatform", "linux-arm64", "Platform"));
        Assert.Equal("linux-x64;linux-arm64", plain.Property("RuntimeIdentifiers"));
        Assert.Equal(["linux-musl-x64", "linux-musl-arm"], alpine.Identities("_ContainerBuildPlatform"));
        Assert.Equal("linux-musl-x64;linux-musl-arm", alpine.Property("RuntimeIdentifiers"));
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0-alpine", alpine.Property("ContainerBaseImage"));
    }

    [Fact]
    public async Task Tags_labels_and_the_created_label_follow_the_source_date()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, """
            <PropertyGroup>
              <ContainerImageTags>1.2.3;latest</ContainerImageTags>
              <Description>A test app</Description>
              <ContainerGenerateLabelsImageTitle>false</ContainerGenerateLabelsImageTitle>
              <Title>Not a label</Title>
            </PropertyGroup>
            <ItemGroup><ContainerLabel Include="org.opencontainers.image.authors" Value="me" /></ItemGroup>
            """);
        project.Environment["SOURCE_DATE_EPOCH"] = "1700000000";

        var result = await EvaluateAsync(project);

        Assert.Equal(["1.2.3", "latest"], result.Identities("ContainerImageTags"));
        Assert.Equal("1700000000", result.Property("ContainerSourceDateEpoch"));
        Assert.Equal("2023-11-14T22:13:20Z", result.ValueOf("ContainerLabel", "org.opencontainers.image.created"));
        Assert.Equal("A test app", result.ValueOf("ContainerLabel", "org.opencontainers.image.description"));
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", result.ValueOf("ContainerLabel", "org.opencontainers.image.base.name"));
        Assert.DoesNotContain("org.opencontainers.image.title", result.Identities("ContainerLabel"));
        // The user's label is kept beside the generated one; the task lets the user's win.
        Assert.Contains(result.Items("ContainerLabel"), l => l["Identity"] == "org.opencontainers.image.authors" && l["Value"] == "me" && !l.ContainsKey("Generated"));
    }

    [Fact]
    public async Task The_source_date_is_the_git_head_commit_time_else_zero()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement);
        var outside = await EvaluateAsync(project);
        await GitAsync(project.Directory, "init", "-q");
        await GitAsync(project.Directory, "add", "-A");
        await GitAsync(project.Directory, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one", "--date=@1600000000");
        var commitTime = (await GitAsync(project.Directory, "log", "-1", "--format=%ct")).StandardOutput.Trim();

        var inside = await EvaluateAsync(project);

        Assert.Equal("0", outside.Property("ContainerSourceDateEpoch"));
        Assert.Equal(commitTime, inside.Property("ContainerSourceDateEpoch"));
    }

    [Fact]
    public async Task A_self_contained_app_runs_its_native_executable()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, "<PropertyGroup><RuntimeIdentifier>linux-arm64</RuntimeIdentifier><SelfContained>true</SelfContained><ContainerWorkingDirectory>/srv/app/</ContainerWorkingDirectory></PropertyGroup>");

        var result = await EvaluateAsync(project);

        Assert.Equal(["/srv/app/App"], result.Identities("ContainerAppCommand"));
        Assert.Equal("linux-arm64", result.Property("ContainerRuntimeIdentifier"));
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", result.Property("ContainerBaseImage"));
    }

    [Fact]
    public async Task The_package_reference_takes_over_from_the_built_in_targets()
    {
        using var project = SdkProject.Create(SdkReference.PackageReference, "<PropertyGroup><ContainerDefaultBaseRegistry>127.0.0.1:5000</ContainerDefaultBaseRegistry></PropertyGroup>");

        var result = await project.EvaluateAsync("ComputeContainerConfig", ConfigProperties, ConfigItems, "-restore");

        // Only our ComputeContainerBaseImage knows ContainerDefaultBaseRegistry; the SDK's would have said mcr.microsoft.com.
        Assert.Equal("127.0.0.1:5000/dotnet/runtime:10.0", result.Property("ContainerBaseImage"));
        Assert.EndsWith("/build/", result.Property("_ContainersTargetsDir").Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("containerbuild.sdk", result.Property("_ContainersTargetsDir"), StringComparison.Ordinal);
    }

    private static Task<EvaluatedProject> EvaluateAsync(SdkProject project) =>
        project.EvaluateAsync("ComputeContainerConfig", ConfigProperties, ConfigItems);

    private static async Task<ProcessResult> GitAsync(string directory, params string[] arguments) =>
        (await ProcessRunner.RunAsync("git", arguments, directory, cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("git " + arguments[0]);
}
