using System.Formats.Tar;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// BuildKit's <c>tar</c> output: the image's root filesystem flattened into one tar (layers applied in order, whiteouts
/// and opaque directories honoured, owners, modes, times and links kept from the layers). With several platforms each
/// gets its own top folder (<c>linux_amd64/</c>). The tar goes to a file (written beside it and renamed into place) or
/// to <see cref="Stream"/> when given.
/// </summary>
public sealed class FilesystemTarExporter : IImageExporter
{
    private readonly string? path;
    private readonly Stream? stream;

    public FilesystemTarExporter(string path) => this.path = Path.GetFullPath(path);

    public FilesystemTarExporter(Stream stream) => this.stream = stream;

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        if (stream is not null)
        {
            var written = await WriteAsync(graph, image.Blobs, stream, cancellationToken).ConfigureAwait(false);
            return new FilesystemTarResult(image.Root, "-", written);
        }

        var temp = AtomicFile.TempBeside(path!);
        try
        {
            int entries;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                entries = await WriteAsync(graph, image.Blobs, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path!, overwrite: true);
            return new FilesystemTarResult(image.Root, path!, entries);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<int> WriteAsync(ImageGraph graph, IBlobSource blobs, Stream destination, CancellationToken cancellationToken)
    {
        var count = 0;
        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var manifest in graph.Manifests)
            {
                var prefix = graph.Manifests.Count == 1 ? "" : manifest.Platform?.ToString().Replace('/', '_') + "/";
                var layers = manifest.Manifest.Layers;
                var survivors = await SurvivorsAsync(layers, blobs, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < layers.Count; i++)
                {
                    var tar = await OpenTarAsync(layers[i], blobs, cancellationToken).ConfigureAwait(false);
                    await using (tar.ConfigureAwait(false))
                    {
                        var reader = new TarReader(tar);
                        await using (reader.ConfigureAwait(false))
                        {
                            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                            {
                                var name = Normalize(entry.Name);
                                if (name.Length == 0 || !survivors.TryGetValue(name, out var layer) || layer != i)
                                {
                                    continue;
                                }

                                await writer.WriteEntryAsync(Copy(entry, prefix, prefix + name), cancellationToken).ConfigureAwait(false);
                                count++;
                            }
                        }
                    }
                }
            }
        }

        return count;
    }

    // Which layer's entry each final path comes from: a layer's whiteouts remove paths of the layers below it, never its own.
    private static async Task<Dictionary<string, int>> SurvivorsAsync(IReadOnlyList<Descriptor> layers, IBlobSource blobs, CancellationToken cancellationToken)
    {
        var survivors = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            var added = new List<(string Name, bool IsDirectory)>();
            var tar = await OpenTarAsync(layers[i], blobs, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                var reader = new TarReader(tar);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var name = Normalize(entry.Name);
                        if (name.Length == 0)
                        {
                            continue;
                        }

                        var slash = name.LastIndexOf('/');
                        var parent = slash < 0 ? "" : name[..slash];
                        var leaf = name[(slash + 1)..];
                        if (leaf == ".wh..wh..opq")
                        {
                            RemoveUnder(survivors, parent, alsoItself: false);
                        }
                        else if (leaf.StartsWith(".wh.", StringComparison.Ordinal))
                        {
                            RemoveUnder(survivors, (parent.Length == 0 ? "" : parent + "/") + leaf[4..], alsoItself: true);
                        }
                        else
                        {
                            added.Add((name, entry.EntryType == TarEntryType.Directory));
                        }
                    }
                }
            }

            foreach (var (name, isDirectory) in added)
            {
                if (!isDirectory)
                {
                    // A file or link over a lower directory replaces the whole tree.
                    RemoveUnder(survivors, name, alsoItself: false);
                }

                survivors[name] = i;
            }
        }

        return survivors;
    }

    private static void RemoveUnder(Dictionary<string, int> survivors, string path, bool alsoItself)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        foreach (var key in survivors.Keys.Where(k => (alsoItself && k == path) || k.StartsWith(prefix, StringComparison.Ordinal) && k != path).ToList())
        {
            survivors.Remove(key);
        }
    }

    private static async Task<Stream> OpenTarAsync(Descriptor layer, IBlobSource blobs, CancellationToken cancellationToken)
    {
        var blob = await blobs.OpenAsync(layer, cancellationToken).ConfigureAwait(false);
        var (tar, _) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
        return tar;
    }

    private static TarEntry Copy(TarEntry entry, string prefix, string name)
    {
        var copy = new PaxTarEntry(entry.EntryType is TarEntryType.V7RegularFile or TarEntryType.ContiguousFile ? TarEntryType.RegularFile : entry.EntryType, name)
        {
            Mode = entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = entry.ModificationTime,
        };
        if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
        {
            copy.DataStream = entry.DataStream;
        }

        if (entry.EntryType == TarEntryType.SymbolicLink)
        {
            copy.LinkName = entry.LinkName;
        }
        else if (entry.EntryType == TarEntryType.HardLink)
        {
            // A hard link names another entry of the tar, which moved into the platform folder too.
            copy.LinkName = prefix + Normalize(entry.LinkName);
        }

        if (entry is PosixTarEntry posix)
        {
            copy.UserName = posix.UserName;
            copy.GroupName = posix.GroupName;
            if (entry.EntryType is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
            {
                copy.DeviceMajor = posix.DeviceMajor;
                copy.DeviceMinor = posix.DeviceMinor;
            }
        }

        return copy;
    }

    private static string Normalize(string name)
    {
        var trimmed = name.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.Trim('/') is "." ? "" : trimmed.Trim('/');
    }
}
