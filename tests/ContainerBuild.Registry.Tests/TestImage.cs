using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

/// <summary>A small, valid, random single-layer OCI image built in memory: layer, config and manifest bytes.</summary>
public sealed record TestImage(BlobSource Layer, BlobSource Config, RegistryManifest Manifest)
{
    public static TestImage Create(int payloadBytes = 4096)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "random.bin")
            {
                DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(payloadBytes)),
                ModificationTime = DateTimeOffset.UnixEpoch,
            };
            writer.WriteEntry(entry);
        }

        var diffId = Digest.Compute(tar.ToArray());
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        var layer = BlobSource.FromBytes(gz.ToArray());
        var config = BlobSource.FromBytes(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Cmd = new[] { "/bin/sh" } },
            rootfs = new { type = "layers", diff_ids = new[] { diffId.ToString() } },
        })));
        var manifest = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = MediaType.OciManifest.Value,
            config = new { mediaType = MediaType.OciConfig.Value, digest = config.Digest.ToString(), size = config.Size },
            layers = new[] { new { mediaType = MediaType.OciLayerGzip.Value, digest = layer.Digest.ToString(), size = layer.Size } },
        }));
        return new TestImage(layer, config, RegistryManifest.Create(manifest, MediaType.OciManifest));
    }

    /// <summary>A blob whose bytes must never be read (to prove a mount or an existence check sent nothing).</summary>
    public static BlobSource Unreadable(Digest digest, long size) =>
        new(digest, size, _ => throw new InvalidOperationException("The blob's bytes were read, but nothing should have been sent."));
}

/// <summary>Clients for the three test registries, and names for fresh repositories.</summary>
public static class TestRegistries
{
    public static RegistryCredential Credential => new(TestEnvironment.RegistryUser, TestEnvironment.RegistryPassword, source: "the test");

    public static RegistryClient Client(string registry, RegistryCredential? credential = null, RegistryClientOptions? options = null) =>
        new(registry, (options ?? new RegistryClientOptions()) with
        {
            Credentials = credential is null ? CredentialStore.Anonymous : new StaticCredentialSource(credential),
        });

    /// <summary>The registry of a Theory row, after its Requires guard.</summary>
    public static string Require(string which)
    {
        switch (which)
        {
            case "anonymous":
                Requires.Registry();
                return TestEnvironment.Registry;
            case "basic":
                Requires.BasicAuthRegistry();
                return TestEnvironment.BasicAuthRegistry;
            default:
                Requires.TokenAuthRegistry();
                return TestEnvironment.TokenAuthRegistry;
        }
    }

    public static string NewRepository(string prefix = "regtest") => $"cbtest/{prefix}-{Guid.NewGuid():N}"[..32];

    /// <summary>The first layer descriptor of a manifest's JSON.</summary>
    public static (Digest Digest, long Size) FirstLayer(RegistryManifest manifest)
    {
        using var document = JsonDocument.Parse(manifest.Bytes);
        var layer = document.RootElement.GetProperty("layers")[0];
        return (Digest.Parse(layer.GetProperty("digest").GetString()!), layer.GetProperty("size").GetInt64());
    }
}
