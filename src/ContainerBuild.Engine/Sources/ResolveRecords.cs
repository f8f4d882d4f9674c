using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// The store's memory of what references resolved to: <c>&lt;root&gt;/resolve/&lt;sha256(reference, platform)&gt;.json</c>,
/// each written to a temp file and renamed into place, so readers see a whole record or none and the last writer wins.
/// </summary>
internal sealed class ResolveRecords(ContentStore store)
{
    private readonly string directory = Path.Combine(store.Root, "resolve");

    /// <summary>The record for the reference and platform, or null when there is none (or it cannot be read).</summary>
    public ResolveRecord? TryRead(ImageReference reference, string platform)
    {
        var path = PathOf(reference, platform);
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), ResolveRecordJson.Default.ResolveRecord);

            // The file name is a hash: check it really is this reference's record.
            return record is not null
                && string.Equals(record.Reference, reference.ToString(), StringComparison.Ordinal)
                && string.Equals(record.Platform, platform, StringComparison.Ordinal)
                ? record
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public async Task WriteAsync(ResolveRecord record, ImageReference reference, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(reference, record.Platform);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(record, ResolveRecordJson.Default.ResolveRecord), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private string PathOf(ImageReference reference, string platform)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{reference}\n{platform}"));
        return Path.Combine(directory, Convert.ToHexStringLower(key) + ".json");
    }
}
