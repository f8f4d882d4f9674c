using System.Reflection;

namespace ContainerBuild;

/// <summary>The product's name and version, as every host reports them.</summary>
public static class ProductInfo
{
    public const string Name = "ContainerBuild";

    /// <summary>The package version (the informational version without the source revision).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ProductInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
