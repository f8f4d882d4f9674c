namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

/// <summary>The internal op names BuildKit shows, as the tests expect them.</summary>
internal static class OpNamesInternal
{
    public const string PreparingInlineDocument = "[internal] preparing inline document";

    public const string LoadBuildContext = "[internal] load build context";
}
