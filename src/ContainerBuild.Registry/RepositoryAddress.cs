namespace ContainerBuild.Registry;

/// <summary>A repository in a registry: <c>127.0.0.1:5000</c> + <c>dotnet/runtime</c>.</summary>
public readonly record struct RepositoryAddress
{
    public RepositoryAddress(string registry, string repository)
    {
        RepositoryNames.EnsureRegistry(registry);
        RepositoryNames.EnsureRepository(repository);
        Registry = registry;
        Repository = repository;
    }

    public string Registry { get; }

    public string Repository { get; }

    public override string ToString() => $"{Registry}/{Repository}";
}
