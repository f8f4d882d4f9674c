using System.Text;
using System.Text.Json;

namespace ContainerBuild.Registry;

/// <summary>
/// One Docker-format credentials file (Docker's config.json, Podman's auth.json): <c>credHelpers</c>
/// for the registry first, then <c>credsStore</c>, then the <c>auths</c> entry (<c>auth</c> as base64
/// user:password, or <c>username</c>/<c>password</c>, and <c>identitytoken</c>).
/// </summary>
public sealed class DockerConfigCredentialSource : ICredentialSource
{
    private readonly string path;
    private readonly CredentialHelper helpers;
    private readonly Lazy<ConfigFile?> config;

    public DockerConfigCredentialSource(string path, IReadOnlyDictionary<string, string?> environment)
    {
        this.path = path;
        helpers = new CredentialHelper(environment);
        config = new Lazy<ConfigFile?>(() => Load(path));
    }

    /// <summary>The credential files of the environment, in the order they are asked.</summary>
    public static IReadOnlyList<string> ConfigFiles(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var files = new List<string>();
        var dockerConfig = Get(environment, "DOCKER_CONFIG");
        var home = Get(environment, "HOME");
        if (dockerConfig is not null)
        {
            files.Add(Path.Combine(dockerConfig, "config.json"));
        }
        else if (home is not null)
        {
            files.Add(Path.Combine(home, ".docker", "config.json"));
        }

        if (Get(environment, "REGISTRY_AUTH_FILE") is { } authFile)
        {
            files.Add(authFile);
        }

        if (Get(environment, "XDG_RUNTIME_DIR") is { } runtimeDir)
        {
            files.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        }

        return files;
    }

    public async ValueTask<RegistryCredential?> GetAsync(string registry, RegistryAccess access, CancellationToken cancellationToken)
    {
        var file = config.Value;
        if (file is null)
        {
            return null;
        }

        var key = RegistryHostName.NormalizeConfigKey(registry);
        if (file.CredHelpers.TryGetValue(key, out var helper))
        {
            return await helpers.GetAsync(helper, registry, cancellationToken).ConfigureAwait(false);
        }

        if (file.CredsStore is { } store
            && await helpers.GetAsync(store, registry, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        return file.Auths.TryGetValue(key, out var entry) ? entry : null;
    }

    public override string ToString() => $"Docker credentials file {path}";

    private static ConfigFile? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var auths = new Dictionary<string, RegistryCredential>(StringComparer.Ordinal);
            if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
            {
                // Docker prefers the exact key; the first spelling of a host wins among aliases.
                foreach (var entry in authsElement.EnumerateObject())
                {
                    var credential = ReadEntry(entry.Value, path);
                    if (credential is not null)
                    {
                        auths.TryAdd(RegistryHostName.NormalizeConfigKey(entry.Name), credential);
                    }
                }
            }

            var credHelpers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } name)
                    {
                        credHelpers.TryAdd(RegistryHostName.NormalizeConfigKey(entry.Name), name);
                    }
                }
            }

            var credsStore = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
                && storeElement.GetString() is { Length: > 0 } storeName
                ? storeName
                : null;
            return new ConfigFile(auths, credHelpers, credsStore);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"The credentials file {path} is not valid JSON: {e.Message}", e);
        }
    }

    private static RegistryCredential? ReadEntry(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? user = GetString(entry, "username");
        string? password = GetString(entry, "password");
        if (GetString(entry, "auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new RegistryException($"An 'auth' entry in the credentials file {path} is not valid base64.");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new RegistryException($"An 'auth' entry in the credentials file {path} is not 'user:password' in base64.");
            }

            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        var identityToken = GetString(entry, "identitytoken");
        if (string.IsNullOrEmpty(user) && identityToken is null)
        {
            return null;
        }

        return new RegistryCredential(user, password, identityToken, path);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private sealed record ConfigFile(
        IReadOnlyDictionary<string, RegistryCredential> Auths,
        IReadOnlyDictionary<string, string> CredHelpers,
        string? CredsStore);
}
