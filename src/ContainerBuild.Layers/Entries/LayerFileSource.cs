namespace ContainerBuild.Layers;

/// <summary>Where a regular file's bytes come from. The length is known up front: a tar header states it.</summary>
public abstract record LayerFileSource
{
    private protected LayerFileSource()
    {
    }

    /// <summary>The number of bytes the file has.</summary>
    public abstract long Length { get; }

    /// <summary>Opens the content for one sequential read.</summary>
    public abstract Stream Open();

    /// <summary>A file on disk, read when the layer is written (its length is taken now).</summary>
    public static LayerFileSource FromPath(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The file '{path}' to put into a layer does not exist.", path);
        }

        return new PathSource(info.FullName, info.Length);
    }

    /// <summary>Bytes in memory.</summary>
    public static LayerFileSource FromBytes(ReadOnlyMemory<byte> content) => new BytesSource(content);

    /// <summary>A stream opened when the layer is written, which must yield exactly <paramref name="length"/> bytes.</summary>
    public static LayerFileSource FromStream(Func<Stream> open, long length)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new StreamSource(open, length);
    }

    /// <summary>A source on disk.</summary>
    public sealed record PathSource(string FullPath, long FileLength) : LayerFileSource
    {
        public override long Length => FileLength;

        public override Stream Open() => new FileStream(FullPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
    }

    internal sealed record BytesSource(ReadOnlyMemory<byte> Content) : LayerFileSource
    {
        public override long Length => Content.Length;

        public override Stream Open() => new MemoryStream(Content.ToArray(), writable: false);
    }

    private sealed record StreamSource(Func<Stream> Opener, long StreamLength) : LayerFileSource
    {
        public override long Length => StreamLength;

        public override Stream Open() => Opener();
    }
}
