namespace ContainerBuild.Registry;

/// <summary>What the client tells its handlers about a request, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>The token scopes the request needs, such as <c>repository:app:pull,push</c>.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("ContainerBuild.Registry.Scopes");

    /// <summary>The request may be sent again after a transient failure (its content is buffered).</summary>
    public static readonly HttpRequestOptionsKey<bool> Retryable = new("ContainerBuild.Registry.Retryable");

    /// <summary>Set by the retry handler: how many times it was sent.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempts = new("ContainerBuild.Registry.Attempts");

    /// <summary>Set by the authentication handler: who the request went as ("anonymous", "user 'x' from config.json").</summary>
    public static readonly HttpRequestOptionsKey<string> Identity = new("ContainerBuild.Registry.Identity");

    public static string Pull(string repository) => $"repository:{repository}:pull";

    public static string PullPush(string repository) => $"repository:{repository}:pull,push";
}
