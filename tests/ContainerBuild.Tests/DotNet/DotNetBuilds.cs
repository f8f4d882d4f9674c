using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ContainerBuild.DotNet;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.DotNet;

/// <summary>Requests for .NET image builds of real publishes, and ways to look at what they made (layers, configs, containers).</summary>
internal static class DotNetBuilds
{
    public static readonly DateTimeOffset SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string Base(string nameAndTag) => $"{TestEnvironment.Registry}/{nameAndTag}";

    /// <summary>A fresh repository name (without a registry).</summary>
    public static string NewRepository(string prefix) => $"cb-test/dotnet-{prefix}-{Guid.NewGuid():N}"[..^20];

    /// <summary>A request for <paramref name="app"/> on linux/amd64, pushed to the test registry, with its own store and staging folder.</summary>
    public static DotNetImageRequest Request(PublishedApp app, string baseImage, string repository, TempDirectory temp, params string[] appCommand) => new()
    {
        BaseImage = baseImage,
        Platforms = [app.For(Platform.LinuxAmd64)],
        Repository = repository,
        Tags = ["1"],
        Registry = TestEnvironment.Registry,
        AppCommand = appCommand,
        SourceDate = SourceDate,
        StoreRoot = temp.Combine("store"),
        StagingDirectory = temp.Combine("staging"),
    };

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>The entries of a layer blob in the store.</summary>
    public static async Task<IReadOnlyList<LayerEntryInfo>> LayerEntriesAsync(string storeRoot, Descriptor layer)
    {
        var entries = new List<LayerEntryInfo>();
        await using var blob = new ContentStore(storeRoot).OpenRead(layer.Digest);
        await foreach (var entry in LayerReader.ListAsync(blob, Token))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Runs <paramref name="image"/> with docker and returns what it printed.</summary>
    public static async Task<string> DockerRunAsync(string image, params string[] options)
    {
        var docker = Requires.Docker();
        var run = await ProcessRunner.RunAsync(docker, ["run", "--rm", .. options, image], timeout: TimeSpan.FromMinutes(3), cancellationToken: Token);
        return run.EnsureSuccess($"docker run {image}").StandardOutput;
    }

    public static async Task DockerRemoveImageAsync(string image)
    {
        var docker = Requires.Docker();
        await ProcessRunner.RunAsync(docker, ["rmi", "-f", image], cancellationToken: CancellationToken.None);
    }

    /// <summary>Runs <paramref name="tag"/> with its port 8080 published, and returns what GET / answers once it is up.</summary>
    public static async Task<string> RunAndGetAsync(string docker, string tag, string namePrefix, CancellationToken ct)
    {
        var port = FreePort();
        var name = namePrefix + Guid.NewGuid().ToString("N")[..12];
        (await ProcessRunner.RunAsync(docker, ["run", "-d", "--rm", "--name", name, "-p", $"127.0.0.1:{port}:8080", tag], cancellationToken: ct)).EnsureSuccess("docker run");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), ct);
                }
                catch (HttpRequestException) when (attempt < 60)
                {
                    await Task.Delay(500, ct);
                }
            }
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rm", "-f", name], cancellationToken: CancellationToken.None);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
