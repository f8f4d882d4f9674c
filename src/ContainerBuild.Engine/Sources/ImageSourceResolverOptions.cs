namespace ContainerBuild.Engine.Sources;

/// <summary>How an <see cref="ImageSourceResolver"/> treats its cached resolutions.</summary>
public sealed record ImageSourceResolverOptions
{
    /// <summary>
    /// How old a cached resolution may be for the <c>default</c> mode to use it; null (the default) for any age, as
    /// <c>docker build</c> without <c>--pull</c> uses whatever it pulled before. The <c>local</c> mode ignores this.
    /// </summary>
    public TimeSpan? MaxResolveAge { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
