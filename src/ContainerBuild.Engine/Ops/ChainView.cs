using System.Formats.Tar;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// The filesystem of a lazy chain, for lookups: from its unpacked snapshot when there is one, else from the layers'
/// listings top-down (a layer's lower dir when a RUN unpacked it, else its tar), reading a layer only when no layer
/// above it decides the path.
/// </summary>
internal sealed class ChainView(LayerChain chain, LayerIndexCache indexes)
{
    private readonly string? snapshot = chain.ChainId is { } id ? indexes.Context.Snapshots.TryGet(id)?.Path : "";

    public LayerChain Chain => chain;

    /// <summary>The entry at <paramref name="path"/> (not following a final symlink); null when there is none.</summary>
    public async Task<FsEntry?> LookupAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0)
        {
            return FsEntry.RootDirectory;
        }

        if (snapshot is not null)
        {
            return snapshot.Length == 0 ? null : FromDisk(Path.Join(snapshot, path));
        }

        return (await DecideAsync(path, cancellationToken).ConfigureAwait(false)).Entry;
    }

    /// <summary>The names of a directory's children, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken cancellationToken)
    {
        if (snapshot is not null)
        {
            var full = snapshot.Length == 0 ? null : Path.Join(snapshot, directory);
            return full is null || !Directory.Exists(full)
                ? []
                : [.. Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        }

        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var index = await indexes.GetAsync(chain[i], cancellationToken).ConfigureAwait(false);
            var (children, opaque) = index.List(directory);
            foreach (var child in children)
            {
                if (index.IsWhiteout(child))
                {
                    hidden.Add(child);
                }
                else if (!hidden.Contains(child))
                {
                    seen.Add(FsPaths.Name(child));
                }
            }

            if (opaque || index.Lookup(directory) is (true, var entry) && entry is not { IsDirectory: true })
            {
                break;
            }
        }

        return [.. seen];
    }

    /// <summary>The content of a regular file (hard links followed within their layer); null when it is not one.</summary>
    public async Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (snapshot is not null)
        {
            var full = snapshot.Length == 0 ? null : Path.Join(snapshot, path);
            return full is not null && FromDisk(full) is { Type: FsEntryType.File }
                ? await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false)
                : null;
        }

        var (entry, layer) = await DecideAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null || layer < 0 || entry.Type is not (FsEntryType.File or FsEntryType.HardLink))
        {
            return null;
        }

        var listing = await indexes.GetAsync(chain[layer], cancellationToken).ConfigureAwait(false);
        if (listing.FilesDirectory is { } files)
        {
            // The lookup walked this layer's directory down to a regular file: no symlink on the way.
            return await File.ReadAllBytesAsync(Path.Join(files, path), cancellationToken).ConfigureAwait(false);
        }

        var wanted = entry.Type == FsEntryType.HardLink ? entry.LinkTarget ?? "" : path;
        var blob = await indexes.Context.Blobs.OpenAsync(chain[layer].Blob, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            var (tar, _) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                var reader = new TarReader(tar, leaveOpen: true);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } tarEntry)
                    {
                        if (string.Equals(FsPaths.Clean(tarEntry.Name), wanted, StringComparison.Ordinal) && tarEntry.DataStream is { } data)
                        {
                            using var buffer = new MemoryStream();
                            await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                            return buffer.ToArray();
                        }
                    }
                }
            }
        }

        return null;
    }

    private async Task<(FsEntry? Entry, int Layer)> DecideAsync(string path, CancellationToken cancellationToken)
    {
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var index = await indexes.GetAsync(chain[i], cancellationToken).ConfigureAwait(false);
            if (index.Lookup(path) is (true, var entry))
            {
                return (entry, i);
            }
        }

        return (null, -1);
    }

    internal static FsEntry? FromDisk(string full)
    {
        if (NativeStat.TryLStat(full) is not { } status)
        {
            return null;
        }

        var type = status.IsDirectory ? FsEntryType.Directory : status.IsRegularFile ? FsEntryType.File : status.IsSymlink ? FsEntryType.Symlink : FsEntryType.Other;
        return new FsEntry(type, status.Permissions, status.Uid, status.Gid, status.IsSymlink ? new FileInfo(full).LinkTarget : null);
    }
}
