namespace ContainerBuild.Testing;

/// <summary>
/// Where the test environment (eng/testenv/up.sh) put its components. Addresses come from the
/// environment file that eng/test.sh sources, with the same defaults the scripts use.
/// </summary>
public static class TestEnvironment
{
    /// <summary>True under CI: a missing component fails the test instead of skipping it.</summary>
    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Anonymous registry (distribution 2.8), delete enabled.</summary>
    public static string Registry => Get("CB_TEST_REGISTRY", "127.0.0.1:5000");

    /// <summary>Registry with htpasswd basic auth.</summary>
    public static string BasicAuthRegistry => Get("CB_TEST_REGISTRY_BASIC", "127.0.0.1:5001");

    /// <summary>Registry with Bearer token auth (token service on the next port).</summary>
    public static string TokenAuthRegistry => Get("CB_TEST_REGISTRY_TOKEN", "127.0.0.1:5002");

    public static string RegistryUser => Get("CB_TEST_REGISTRY_USER", "testuser");

    public static string RegistryPassword => Get("CB_TEST_REGISTRY_PASSWORD", "testpass");

    /// <summary>The docker client that has BuildKit (Debian's 20.10; the 28.x one on PATH lacks buildx).</summary>
    public static string DockerCli => Get("CB_TEST_DOCKER", "/usr/bin/docker");

    /// <summary>The repository root (the folder holding ContainerBuild.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Where <c>dotnet pack</c> puts the packages (eng/build.sh).</summary>
    public static string PackagesFolder => Path.Combine(RepositoryRoot, "artifacts", "packages");

    private static string Get(string name, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? fallback : value;
    }

    private static string FindRepositoryRoot()
    {
        // Stamped at build time (ContainerBuild.Testing.csproj), so it holds with --artifacts-path too.
        var stamped = typeof(TestEnvironment).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (stamped is not null && File.Exists(Path.Combine(stamped, "ContainerBuild.sln")))
        {
            return Path.GetFullPath(stamped);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ContainerBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ContainerBuild.sln above {AppContext.BaseDirectory}.");
    }
}
