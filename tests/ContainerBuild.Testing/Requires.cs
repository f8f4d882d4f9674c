using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using Xunit;

namespace ContainerBuild.Testing;

/// <summary>
/// Guards for tests that need a real component. Outside CI a missing component skips the test
/// with a message that names it and how to get it; under CI (CI=true) the test fails instead,
/// because CI must run everything.
/// </summary>
public static class Requires
{
    private const string SetUp = "run `bash eng/testenv/up.sh` as root";
    private static readonly ConcurrentDictionary<string, bool> Probed = new(StringComparer.Ordinal);

    public static void Registry() => Registry(TestEnvironment.Registry, expectAuth: false);

    public static void BasicAuthRegistry() => Registry(TestEnvironment.BasicAuthRegistry, expectAuth: true);

    public static void TokenAuthRegistry() => Registry(TestEnvironment.TokenAuthRegistry, expectAuth: true);

    /// <summary>A program on this machine (skopeo, umoci, runc, crun, npm, ...).</summary>
    public static string Program(string name)
    {
        var path = FindOnPath(name);
        Component($"the `{name}` program", path is not null, SetUp);
        return path!;
    }

    /// <summary>A running dockerd reachable through the BuildKit-capable client.</summary>
    public static string Docker()
    {
        var cli = TestEnvironment.DockerCli;
        var ok = Probed.GetOrAdd("docker", _ => File.Exists(cli) && Run(cli, "version --format {{.Server.Version}}") == 0);
        Component($"dockerd (through {cli})", ok, SetUp);
        return cli;
    }

    /// <summary>Packages produced by <c>dotnet pack</c> into artifacts/packages.</summary>
    public static string Packages()
    {
        var folder = TestEnvironment.PackagesFolder;
        var ok = Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.nupkg").Any();
        Component($"the packages in {folder}", ok, "run `bash eng/build.sh` (dotnet pack ContainerBuild.sln -c Release -o artifacts/packages)");
        return folder;
    }

    /// <summary>Skips (locally) or fails (under CI) when <paramref name="available"/> is false.</summary>
    public static void Component(string component, bool available, string howToGetIt)
    {
        if (available)
        {
            return;
        }

        var message = $"Needs {component}, which is missing: {howToGetIt}.";
        if (TestEnvironment.IsCI)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    private static void Registry(string hostPort, bool expectAuth)
    {
        var ok = Probed.GetOrAdd("registry " + hostPort, _ => ProbeRegistry(hostPort, expectAuth));
        Component($"the registry at {hostPort}", ok, SetUp);
    }

    private static bool ProbeRegistry(string hostPort, bool expectAuth)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = client.GetAsync(new Uri($"http://{hostPort}/v2/")).GetAwaiter().GetResult();
            return (int)response.StatusCode == (expectAuth ? 401 : 200);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int Run(string fileName, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
                return -1;
            }

            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
