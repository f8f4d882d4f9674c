namespace ContainerBuild.Registry;

/// <summary>Whether credentials are wanted for pulling or pushing (the .NET SDK's variables differ).</summary>
public enum RegistryAccess
{
    Pull,
    Push,
}
