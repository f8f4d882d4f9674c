using System.Security.Cryptography;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>Incremental hashing for the digest algorithms the store accepts (sha256, sha512).</summary>
internal static class BlobHashing
{
    public static IncrementalHash Create(string algorithm) => IncrementalHash.CreateHash(algorithm switch
    {
        Digest.Sha256 => HashAlgorithmName.SHA256,
        Digest.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException($"The content store does not hash '{algorithm}'.", nameof(algorithm)),
    });

    public static Digest Finish(IncrementalHash hash, string algorithm) =>
        Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(hash.GetHashAndReset())}");
}
