using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

/// <summary>A blob to push: its digest and size, and a way to open its bytes (again, when an upload restarts).</summary>
public sealed record BlobSource(Digest Digest, long Size, Func<CancellationToken, ValueTask<Stream>> OpenAsync)
{
    /// <summary>A blob held in memory; the digest is computed here.</summary>
    public static BlobSource FromBytes(ReadOnlyMemory<byte> bytes) =>
        new(Digest.Compute(bytes.Span), bytes.Length, _ => ValueTask.FromResult<Stream>(new MemoryStream(bytes.ToArray(), writable: false)));

    /// <summary>A blob in a file whose digest is already known (as in a content store).</summary>
    public static BlobSource FromFile(string path, Digest digest, long size) =>
        new(digest, size, _ => ValueTask.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)));

    public override string ToString() => $"{Digest} ({Size} bytes)";
}

/// <summary>How a blob got into the repository.</summary>
public enum BlobPushOutcome
{
    /// <summary>The repository had it already; nothing was sent.</summary>
    AlreadyExists,

    /// <summary>Mounted from another repository of the same registry; nothing was sent.</summary>
    Mounted,

    /// <summary>Sent in one request.</summary>
    Uploaded,

    /// <summary>Sent in chunks (PATCH with Content-Range, then PUT).</summary>
    UploadedInChunks,
}

/// <summary>What pushing one blob did, and how many bytes of it went over the wire (counting restarts).</summary>
public sealed record BlobPushResult(Digest Digest, long Size, BlobPushOutcome Outcome, long BytesSent);

/// <summary>Byte progress of one blob's upload (it may start again from 0 when an upload restarts).</summary>
public readonly record struct BlobProgress(Digest Digest, long BytesSent, long TotalBytes);
