namespace ContainerBuild.Graph;

/// <summary>Attrs of an HTTP(S) source (<c>llb.HTTP</c>): one downloaded file, named and checked as asked.</summary>
public sealed record HttpOptions
{
    public static HttpOptions None { get; } = new();

    /// <summary><c>http.checksum</c>: the digest the content must have (<c>sha256:...</c>); also the cache key when given.</summary>
    public Oci.Digest? Checksum { get; init; }

    /// <summary><c>http.filename</c>: the file's name in the result (BuildKit takes the URL's last path element, else <c>__unnamed__</c>).</summary>
    public string? Filename { get; init; }

    /// <summary><c>http.perm</c>: the file's permission bits; 0 leaves the default (0600).</summary>
    public int Permissions { get; init; }

    /// <summary><c>http.uid</c>, <c>http.gid</c>: the file's owner; 0 leaves root.</summary>
    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>Name and cache flags of the source op.</summary>
    public OpOptions Op { get; init; } = OpOptions.None;
}
