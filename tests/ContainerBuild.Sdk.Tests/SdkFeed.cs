namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// The ContainerBuild.Sdk and ContainerBuild.Templates packages this build packed into <c>sdk-feed</c> beside the
/// tests (the test project's PackSdkFeedForTests target), used as a user would: a NuGet.config that adds the feed.
/// Restores go to a packages folder of these tests' own, emptied of our packages once per run, so a repacked package
/// of the same version is never shadowed by a stale copy.
/// </summary>
public static class SdkFeed
{
    private static readonly Lazy<string> PackagesFolder = new(PreparePackagesFolder);

    public static string Version => ProductInfo.Version;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "sdk-feed");

    /// <summary>A content store for every publish of this run (the store is safe to share; DESIGN decision 4).</summary>
    public static string StoreRoot { get; } = Path.Combine(Path.GetTempPath(), "cb-sdk-tests-store");

    /// <summary>Fails with a clear message when the test build did not pack the feed.</summary>
    public static void EnsurePacked()
    {
        var sdk = Path.Combine(Folder, $"ContainerBuild.Sdk.{Version}.nupkg");
        Assert.True(File.Exists(sdk), $"{sdk} is missing: build the test project (its PackSdkFeedForTests target packs the SDK).");
    }

    /// <summary>Environment for dotnet commands: the tests' packages folder, the shared store, no node reuse, no SOURCE_DATE_EPOCH.</summary>
    public static Dictionary<string, string?> Environment(string dockerConfig) => new(StringComparer.Ordinal)
    {
        ["NUGET_PACKAGES"] = PackagesFolder.Value,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["CONTAINERBUILD_ROOT"] = StoreRoot,
        ["DOCKER_CONFIG"] = dockerConfig,
        ["SOURCE_DATE_EPOCH"] = null,
        ["BUILDKIT_PROGRESS"] = null,
    };

    /// <summary>A NuGet.config that adds the feed to the machine's sources (nuget.org brings runtime and apphost packs).</summary>
    public static void WriteNuGetConfig(string folder) =>
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="containerbuild-sdk-tests" value="{Folder}" />
              </packageSources>
            </configuration>
            """);

    private static string PreparePackagesFolder()
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "sdk-test-nuget-packages");
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateDirectories(folder, "containerbuild.*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        return folder;
    }
}
