using System.Net.Http;
using System.Text.Json;

namespace ContainerBuild.Sdk.Tests;

/// <summary>What a user has to look at a published image: skopeo for registries and archives, docker to run it.</summary>
public static class ContainerTools
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A tag no other run of these tests uses.</summary>
    public static string UniqueTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The manifest or index as the registry (or archive) holds it: <c>skopeo inspect --raw</c>.</summary>
    public static async Task<JsonElement> RawAsync(string transportReference, string? credentials = null) =>
        await SkopeoJsonAsync(["inspect", "--raw", .. Options(credentials), transportReference]);

    /// <summary>The image config: <c>skopeo inspect --config</c>.</summary>
    public static async Task<JsonElement> ConfigAsync(string transportReference, string? credentials = null, string? architecture = null) =>
        await SkopeoJsonAsync(["inspect", "--config", .. Options(credentials), .. architecture is null ? Array.Empty<string>() : ["--override-arch", architecture], transportReference]);

    public static async Task<ProcessResult> DockerAsync(params string[] arguments) =>
        await ProcessRunner.RunAsync(TestEnvironment.DockerCli, arguments, timeout: TimeSpan.FromMinutes(5), cancellationToken: Token);

    /// <summary>Runs <paramref name="image"/> detached, GETs <c>/</c> on its port 8080 over the bridge network, and removes it.</summary>
    public static async Task<string> GetFromContainerAsync(string image, int port = 8080)
    {
        var name = "cb-sdk-test-" + Guid.NewGuid().ToString("N")[..10];
        (await DockerAsync("run", "-d", "--name", name, image)).EnsureSuccess("docker run");
        try
        {
            var address = (await DockerAsync("inspect", "-f", "{{.NetworkSettings.IPAddress}}", name)).EnsureSuccess("docker inspect").StandardOutput.Trim();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    return await client.GetStringAsync(new Uri($"http://{address}:{port}/"), Token);
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500, Token);
                }
                catch (TaskCanceledException) when (DateTime.UtcNow < deadline && !Token.IsCancellationRequested)
                {
                    await Task.Delay(500, Token);
                }
            }
        }
        catch (HttpRequestException e)
        {
            var logs = await DockerAsync("logs", name);
            throw new InvalidOperationException($"The container never answered on {port}: {e.Message}\n{logs.Output}", e);
        }
        finally
        {
            await DockerAsync("rm", "-f", name);
        }
    }

    private static string[] Options(string? credentials) =>
        credentials is null ? ["--tls-verify=false"] : ["--tls-verify=false", "--creds", credentials];

    private static async Task<JsonElement> SkopeoJsonAsync(string[] arguments)
    {
        var skopeo = Requires.Program("skopeo");
        var result = (await ProcessRunner.RunAsync(skopeo, arguments, timeout: TimeSpan.FromMinutes(2), cancellationToken: Token)).EnsureSuccess("skopeo " + string.Join(' ', arguments));
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
