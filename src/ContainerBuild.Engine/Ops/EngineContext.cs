using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>Everything the ops of one build share: stores, sources, local directories and the options that decide layer bytes.</summary>
public sealed record EngineContext
{
    public required ContentStore Store { get; init; }

    public required ImageSourceResolver Images { get; init; }

    /// <summary>Layer bytes of lazy chains (from the store, else from their registry). Share one per build.</summary>
    public required LayerBlobSource Blobs { get; init; }

    public required SnapshotStore Snapshots { get; init; }

    public required ContentChecksummer Checksums { get; init; }

    /// <summary>The build's local directories by name (<c>local://NAME</c>): context, dockerfile...</summary>
    public IReadOnlyDictionary<string, string> LocalDirs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The platform of ops that name none.</summary>
    public Platform DefaultPlatform { get; init; } = Platform.LinuxAmd64;

    /// <summary>How new layers are compressed.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>The compression level; null for the compression's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Docker's schema 2 media types for new gzip layers instead of OCI's.</summary>
    public bool OciMediaTypes { get; init; } = true;

    /// <summary>The mtime of new entries that name none (SOURCE_DATE_EPOCH, DESIGN decision 6).</summary>
    public DateTimeOffset SourceDate { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>How RUN steps run: runtime, proxies, secrets, ssh agents, the insecure entitlement.</summary>
    public ExecEngineOptions Exec { get; init; } = new();
}
