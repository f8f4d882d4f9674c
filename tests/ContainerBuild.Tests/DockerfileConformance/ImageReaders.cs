using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>Reads the two sides of a comparison: our OCI layout folder, and the image docker pushed to the test registry.</summary>
public static class ImageReaders
{
    /// <summary>The one image of an OCI layout (a one-platform index is followed to its manifest).</summary>
    public static async Task<ImageSnapshot> FromOciLayoutAsync(string layout, CancellationToken cancellationToken)
    {
        byte[] Blob(Digest digest) => File.ReadAllBytes(Path.Combine(layout, "blobs", digest.Algorithm, digest.Hex));

        var document = ManifestParser.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json"), cancellationToken).ConfigureAwait(false));
        while (document is ImageIndex index)
        {
            var only = index.Manifests.Count == 1 ? index.Manifests[0] : throw new InvalidDataException($"{layout}: {index.Manifests.Count} manifests, expected one image");
            document = ManifestParser.Parse(Blob(only.Digest), only.MediaType.ToString());
        }

        var manifest = (ImageManifest)document;
        var config = ImageConfig.Parse(Blob(manifest.Config.Digest));
        return await ImageSnapshot.ReadAsync(
            config,
            (i, _) => Task.FromResult<Stream>(File.OpenRead(Path.Combine(layout, "blobs", manifest.Layers[i].Digest.Algorithm, manifest.Layers[i].Digest.Hex))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An image in a registry by reference (one-platform manifest, as <c>docker push</c> writes it).</summary>
    public static async Task<ImageSnapshot> FromRegistryAsync(RegistryClient client, ImageReference reference, CancellationToken cancellationToken)
    {
        var raw = await client.GetManifestAsync(reference.Repository, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        var manifest = ManifestParser.ParseManifest(raw.Bytes.Span, raw.MediaType.ToString());
        var config = ImageConfig.Parse(await client.GetBlobBytesAsync(reference.Repository, manifest.Config, cancellationToken).ConfigureAwait(false));
        return await ImageSnapshot.ReadAsync(
            config,
            async (i, token) => await client.OpenBlobAsync(reference.Repository, manifest.Layers[i].Digest, manifest.Layers[i].Size, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }
}
