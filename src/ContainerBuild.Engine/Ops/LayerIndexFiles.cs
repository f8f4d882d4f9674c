using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// Layer indexes kept in the store, <c>&lt;root&gt;/layer-index/&lt;algorithm&gt;/&lt;hex&gt;</c> by the blob's digest (which the
/// store verified, unlike a config's diff id): written once when a layer's tar is first read, so every later build
/// resolves paths through a base image's layers without their blobs. Written to a temp file and renamed into place.
/// </summary>
internal sealed class LayerIndexFiles(ContentStore store)
{
    private readonly string root = Path.Combine(store.Root, "layer-index");

    /// <summary>The stored index of the blob; null when there is none or it cannot be read.</summary>
    public LayerIndex? TryRead(Digest blob)
    {
        try
        {
            using var file = new FileStream(PathOf(blob), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
            return LayerIndex.ReadFrom(file, blob);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Write(Digest blob, LayerIndex index)
    {
        var path = PathOf(blob);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                index.WriteTo(file, blob);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private string PathOf(Digest blob) => Path.Combine(root, blob.Algorithm, blob.Hex);
}
