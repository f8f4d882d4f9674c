namespace ContainerBuild.Registry;

/// <summary>
/// The .NET SDK's credential variables. Push: <c>DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/PWORD</c>, then
/// <c>DOTNET_CONTAINER_REGISTRY_UNAME/PWORD</c>, then the legacy <c>SDK_CONTAINER_REGISTRY_UNAME/PWORD</c>.
/// Pull: only <c>DOTNET_CONTAINER_PULL_REGISTRY_UNAME/PWORD</c>, unless the registry is also the push
/// registry, when the pull, generic and legacy ones apply in that order.
/// </summary>
public sealed class EnvironmentCredentialSource(IReadOnlyDictionary<string, string?> environment, string? pushRegistry = null) : ICredentialSource
{
    private static readonly string[] PushOrder = ["DOTNET_CONTAINER_PUSH_REGISTRY", "DOTNET_CONTAINER_REGISTRY", "SDK_CONTAINER_REGISTRY"];
    private static readonly string[] PullOrder = ["DOTNET_CONTAINER_PULL_REGISTRY"];
    private static readonly string[] PullFromPushRegistryOrder = ["DOTNET_CONTAINER_PULL_REGISTRY", "DOTNET_CONTAINER_REGISTRY", "SDK_CONTAINER_REGISTRY"];

    public ValueTask<RegistryCredential?> GetAsync(string registry, RegistryAccess access, CancellationToken cancellationToken)
    {
        var samePushRegistry = pushRegistry is not null
            && string.Equals(RegistryHostName.NormalizeConfigKey(pushRegistry), RegistryHostName.NormalizeConfigKey(registry), StringComparison.Ordinal);
        var order = access == RegistryAccess.Push ? PushOrder : samePushRegistry ? PullFromPushRegistryOrder : PullOrder;
        foreach (var prefix in order)
        {
            var user = Get(prefix + "_UNAME");
            var password = Get(prefix + "_PWORD");
            if (user is not null && password is not null)
            {
                return ValueTask.FromResult<RegistryCredential?>(new RegistryCredential(user, password, source: $"{prefix}_UNAME/_PWORD"));
            }
        }

        return ValueTask.FromResult<RegistryCredential?>(null);
    }

    private string? Get(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
