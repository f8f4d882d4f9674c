namespace ContainerBuild.Registry;

/// <summary>Finds credentials for a registry; null when it has none for it.</summary>
public interface ICredentialSource
{
    ValueTask<RegistryCredential?> GetAsync(string registry, RegistryAccess access, CancellationToken cancellationToken);
}
