namespace ContainerBuild.Packaging.Tests;

/// <summary>
/// The packages that <c>dotnet pack</c> wrote to artifacts/packages, used as a NuGet feed the way a
/// user would: through a NuGet.config beside the project. Restores go to a packages folder of the
/// tests' own, emptied of our packages first, so a rebuilt package with the same version is never
/// shadowed by a stale copy.
/// </summary>
public static class LocalFeed
{
    private static readonly Lazy<string> PackagesFolder = new(PreparePackagesFolder);

    public static string Version => ProductInfo.Version;

    public static string Folder => TestEnvironment.PackagesFolder;

    /// <summary>Environment for dotnet commands: the tests' own global packages folder and a quiet CLI.</summary>
    public static Dictionary<string, string?> Environment => new(StringComparer.Ordinal)
    {
        ["NUGET_PACKAGES"] = PackagesFolder.Value,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>Writes a NuGet.config that adds the local feed to the machine's sources.</summary>
    public static void WriteNuGetConfig(string folder) =>
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="containerbuild-local" value="{Folder}" />
              </packageSources>
            </configuration>
            """);

    public static Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, Environment, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

    private static string PreparePackagesFolder()
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "test-nuget-packages");
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateDirectories(folder, "containerbuild.*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        return folder;
    }
}
