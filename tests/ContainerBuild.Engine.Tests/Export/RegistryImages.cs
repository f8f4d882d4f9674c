using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Export;

/// <summary>Images of the test registries as exporter inputs, and the real tools that check the outputs.</summary>
internal static class RegistryImages
{
    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static RegistryClients Anonymous() => new(new RegistryClientOptions());

    public static RegistryClients WithTestUser() => new(new RegistryClientOptions
    {
        Credentials = new StaticCredentialSource(new RegistryCredential(TestEnvironment.RegistryUser, TestEnvironment.RegistryPassword)),
    });

    /// <summary>The image a tag points at, read lazily from the registry (through <paramref name="cache"/> when given).</summary>
    public static async Task<ImageToExport> FromRegistryAsync(RegistryClients clients, string reference, IReadOnlyList<string> names, ContentStore? cache = null)
    {
        var parsed = ImageReference.Parse(reference);
        var client = clients.Get(parsed.Registry);
        var root = await client.ResolveAsync(parsed.Repository, parsed.ManifestReference, Token);
        return new ImageToExport(root, new RegistryBlobSource(client, parsed.Repository, cache), [.. names.Select(ImageReference.Parse)]);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        ProcessRunner.RunAsync(program, arguments, timeout: TimeSpan.FromMinutes(3), cancellationToken: Token);

    /// <summary>Removes an image from dockerd, best effort (tests use unique names).</summary>
    public static async Task RemoveDockerImageAsync(string docker, string name) =>
        await ProcessRunner.RunAsync(docker, ["rmi", "-f", name], cancellationToken: CancellationToken.None);
}
