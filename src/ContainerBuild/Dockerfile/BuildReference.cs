using System.Security.Cryptography;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// The build's reference for <c>buildx.build.ref</c>: <c>containerbuild/default/ID</c>, shaped like buildx's
/// <c>BUILDER/NODE/REF</c>, with a random 25-character id as BuildKit's identity.NewID makes them.
/// </summary>
public static class BuildReference
{
    public const string Prefix = "containerbuild/default/";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, 25);

    public static string New() => Prefix + NewId();
}
