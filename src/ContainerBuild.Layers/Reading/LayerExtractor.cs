using System.Formats.Tar;

namespace ContainerBuild.Layers;

/// <summary>
/// Extracts a layer into a directory, refusing anything that would land outside it: '..', absolute
/// paths, parents that resolve through a symlink (even one made earlier in the same tar) to outside,
/// hard links to outside. Applies whiteouts, modes, owners (as root), mtimes, symlinks and hard links.
/// </summary>
public static class LayerExtractor
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    /// <exception cref="LayerFormatException">The blob is not a valid (compressed) tar.</exception>
    /// <exception cref="UnsafeLayerEntryException">An entry would escape the target or needs root.</exception>
    public static async Task<ExtractedLayer> ExtractAsync(Stream blob, string targetDirectory, LayerExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(targetDirectory);
        options ??= new LayerExtractOptions();
        Directory.CreateDirectory(targetDirectory);
        var root = NativeFiles.RealPath(targetDirectory) ?? throw new DirectoryNotFoundException($"The target '{targetDirectory}' cannot be resolved.");
        var (tar, compression) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
        var hashing = new HashingReadStream(tar);
        await using (hashing.ConfigureAwait(false))
        {
            var state = new Extraction(root, options);
            string? last = null;
            var reader = new TarReader(hashing, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await LayerReader.NextAsync(reader, last, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    last = entry.Name;
                    try
                    {
                        await state.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (LayerReader.IsFormatProblem(e))
                    {
                        throw new LayerFormatException(entry.Name, LayerReader.Explain(e, entry.Name), e);
                    }
                }
            }

            try
            {
                await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (LayerReader.IsFormatProblem(e))
            {
                throw new LayerFormatException(last, "the data after the end of the tar is corrupt: " + LayerReader.Explain(e, last), e);
            }

            state.FinishDirectories();
            return new ExtractedLayer(hashing.Digest, compression, state.Count);
        }
    }

    private sealed class Extraction(string root, LayerExtractOptions options)
    {
        private readonly HashSet<string> written = new(StringComparer.Ordinal);
        private readonly List<(string Path, DateTimeOffset Time)> directoryTimes = [];

        public int Count { get; private set; }

        public async Task ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
        {
            var info = LayerReader.Describe(entry);
            if (info is null)
            {
                return;
            }

            var relative = SafeRelative(entry.Name, entry.Name);
            if (relative.Length == 0)
            {
                return; // "./": the target itself, which we do not re-own or re-mode.
            }

            Count++;
            var name = LayerPath.Name(relative);
            var parentRelative = LayerPath.Parent(relative);
            if (options.Whiteouts == WhiteoutHandling.Apply && name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                var parent = ResolveDirectory(entry.Name, parentRelative, create: true);
                if (name == OpaqueWhiteout)
                {
                    EmptyExceptWritten(parent, parentRelative);
                }
                else
                {
                    var deleted = name[WhiteoutPrefix.Length..];
                    if (deleted.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                    {
                        return; // AUFS bookkeeping (.wh..wh.plnk, .wh..wh.aufs) of old Docker layers: nothing to apply.
                    }

                    if (deleted is "" or "." or "..")
                    {
                        throw new UnsafeLayerEntryException(entry.Name, $"the whiteout names '{deleted}', which is not a file name");
                    }

                    Remove(Path.Join(parent, deleted));
                }

                return;
            }

            if (info.Type is LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice && !options.AllowDevices)
            {
                throw new UnsafeLayerEntryException(entry.Name, $"it is a {(info.Type == LayerEntryType.BlockDevice ? "block" : "character")} device, and only root may create device files; extract as root, or drop device files from the layer");
            }

            var directory = ResolveDirectory(entry.Name, parentRelative, create: true);
            var full = Path.Join(directory, name);
            written.Add(relative);
            var existing = Existing(full);
            if (!(info.Type == LayerEntryType.Directory && existing == FileKind.Directory))
            {
                if (existing != FileKind.None)
                {
                    Remove(full);
                }
            }

            switch (info.Type)
            {
                case LayerEntryType.Directory:
                    Directory.CreateDirectory(full);
                    SetOwnerAndMode(full, info);
                    directoryTimes.Add((full, info.ModifiedTime));
                    break;
                case LayerEntryType.File:
                    await WriteFileAsync(entry, full, cancellationToken).ConfigureAwait(false);
                    SetOwnerAndMode(full, info);
                    File.SetLastWriteTimeUtc(full, info.ModifiedTime.UtcDateTime);
                    break;
                case LayerEntryType.Symlink:
                    File.CreateSymbolicLink(full, info.LinkTarget ?? throw new LayerFormatException(entry.Name, "a symbolic link without a target"));
                    ChangeOwner(full, info);
                    break;
                case LayerEntryType.HardLink:
                    NativeFiles.HardLink(HardLinkTarget(entry.Name, info.LinkTarget), full);
                    break;
                default:
                    NativeFiles.MakeNode(full, info.Type, info.Mode, info.DeviceMajor, info.DeviceMinor);
                    SetOwnerAndMode(full, info);
                    break;
            }
        }

        public void FinishDirectories()
        {
            // Deepest first, after all writes: creating a child changes its parent's mtime.
            foreach (var (path, time) in directoryTimes.OrderByDescending(d => d.Path.Length))
            {
                Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
            }
        }

        private static async Task WriteFileAsync(TarEntry entry, string full, CancellationToken cancellationToken)
        {
            var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            await using (file.ConfigureAwait(false))
            {
                if (entry.DataStream is { } data)
                {
                    await data.CopyToAsync(file, 128 * 1024, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The entry's path relative to the target, or a refusal when it would climb out.</summary>
        private static string SafeRelative(string entryName, string path)
        {
            if (path.StartsWith('/'))
            {
                throw new UnsafeLayerEntryException(entryName, $"'{path}' is an absolute path; layer paths are relative to the root of the image");
            }

            if (path.Split('/').Contains(".."))
            {
                throw new UnsafeLayerEntryException(entryName, $"'{path}' climbs out with '..'");
            }

            if (path.Contains('\0', StringComparison.Ordinal))
            {
                throw new UnsafeLayerEntryException(entryName, "the path holds a NUL character");
            }

            return LayerPath.Normalize(path);
        }

        /// <summary>
        /// The physical directory for <paramref name="relative"/>, walking one segment at a time and
        /// resolving each symlink met: every step must stay inside the target.
        /// </summary>
        private string ResolveDirectory(string entryName, string relative, bool create)
        {
            var current = root;
            if (relative.Length == 0)
            {
                return current;
            }

            var walked = "";
            foreach (var segment in relative.Split('/'))
            {
                walked = LayerPath.Join(walked, segment);
                var candidate = Path.Join(current, segment);
                switch (Existing(candidate))
                {
                    case FileKind.Symlink:
                        var real = NativeFiles.RealPath(candidate)
                            ?? throw new UnsafeLayerEntryException(entryName, $"its parent '{walked}' is a symbolic link to '{new FileInfo(candidate).LinkTarget}', which does not exist in the target");
                        if (!IsInside(real))
                        {
                            throw new UnsafeLayerEntryException(entryName, $"its parent '{walked}' is a symbolic link that resolves to '{real}', outside the target");
                        }

                        if (!Directory.Exists(real))
                        {
                            throw new UnsafeLayerEntryException(entryName, $"its parent '{walked}' is a symbolic link to a file, not to a directory");
                        }

                        current = real;
                        continue;
                    case FileKind.Directory:
                        current = candidate;
                        continue;
                    case FileKind.None when !create:
                        throw new UnsafeLayerEntryException(entryName, $"'{walked}' does not exist in the target");
                    case FileKind.File when !create:
                        throw new UnsafeLayerEntryException(entryName, $"'{walked}' is not a directory");
                    case FileKind.File:
                        File.Delete(candidate); // A directory of this layer replaces a file of a lower one.
                        break;
                }

                Directory.CreateDirectory(candidate);
                current = candidate;
            }

            return current;
        }

        private string HardLinkTarget(string entryName, string? linkName)
        {
            if (string.IsNullOrEmpty(linkName))
            {
                throw new LayerFormatException(entryName, "a hard link without a target");
            }

            var relative = SafeRelative(entryName, linkName);
            if (relative.Length == 0)
            {
                throw new UnsafeLayerEntryException(entryName, "a hard link to the target directory itself");
            }

            var directory = ResolveDirectory(entryName, LayerPath.Parent(relative), create: false);
            var target = Path.Join(directory, LayerPath.Name(relative));
            return Existing(target) switch
            {
                FileKind.None => throw new UnsafeLayerEntryException(entryName, $"its hard-link target '{linkName}' does not exist in the target (a hard link must follow the file it links to)"),
                FileKind.Directory => throw new UnsafeLayerEntryException(entryName, $"its hard-link target '{linkName}' is a directory"),
                _ => target,
            };
        }

        private bool IsInside(string real) =>
            real == root || real.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

        private void EmptyExceptWritten(string directory, string relative)
        {
            foreach (var child in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                var childRelative = LayerPath.Join(relative, child.Name);
                if (!written.Contains(childRelative))
                {
                    Remove(child.FullName);
                }
                else if (child.LinkTarget is null && child is DirectoryInfo)
                {
                    EmptyExceptWritten(child.FullName, childRelative);
                }
            }
        }

        private void SetOwnerAndMode(string full, LayerEntryInfo info)
        {
            ChangeOwner(full, info);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, (UnixFileMode)(info.Mode & 0xFFF));
            }
        }

        private void ChangeOwner(string full, LayerEntryInfo info)
        {
            if (options.ApplyOwners)
            {
                NativeFiles.ChangeOwner(full, info.UserId, info.GroupId);
            }
        }

        private static void Remove(string full)
        {
            switch (Existing(full))
            {
                case FileKind.Directory:
                    Directory.Delete(full, recursive: true);
                    break;
                case FileKind.File or FileKind.Symlink:
                    File.Delete(full);
                    break;
            }
        }

        /// <summary>What is at a path, without following a symlink there.</summary>
        private static FileKind Existing(string full)
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                return FileKind.Symlink;
            }

            return Directory.Exists(full) ? FileKind.Directory : info.Exists ? FileKind.File : FileKind.None;
        }
    }

    private enum FileKind
    {
        None,
        File,
        Directory,
        Symlink,
    }
}
