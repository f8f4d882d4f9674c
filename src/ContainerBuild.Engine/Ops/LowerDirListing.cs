using ContainerBuild.Engine.Overlay;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// One layer's listing read from its unpacked lower dir (overlay's format: a whiteout is a character device 0:0, an
/// opaque directory carries <c>trusted.overlay.opaque=y</c>): a few stats per lookup instead of decompressing the
/// layer's tar, which for a base image layer costs most of a small file op.
/// </summary>
internal sealed class LowerDirListing(string root) : ILayerListing
{
    public string? FilesDirectory => root;

    public (bool Decided, FsEntry? Entry) Lookup(string path) =>
        path.Length == 0 ? (true, FsEntry.RootDirectory) : Below(path, IsOpaque(root));

    public (IReadOnlyList<string> Children, bool Opaque) List(string directory)
    {
        if (directory.Length > 0 && Lookup(directory) is not (true, { IsDirectory: true }))
        {
            return ([], false);
        }

        var full = directory.Length == 0 ? root : Path.Join(root, directory);
        var children = new DirectoryInfo(full).EnumerateFileSystemInfos().Select(e => FsPaths.Join(directory, e.Name)).ToList();
        return (children, IsOpaque(full));
    }

    public bool IsWhiteout(string path) => OverlayNative.TryLStat(Path.Join(root, path)) is { IsOverlayWhiteout: true };

    // Element by element from the root down: a symlink on the way must never be followed on the host.
    private (bool Decided, FsEntry? Entry) Below(string path, bool opaqueAbove)
    {
        var parts = path.Split('/');
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Join(current, parts[i]);
            if (OverlayNative.TryLStat(current) is not { } stat)
            {
                return opaqueAbove ? (true, null) : (false, null);
            }

            if (stat.IsOverlayWhiteout)
            {
                return (true, null);
            }

            if (i == parts.Length - 1)
            {
                return (true, ToEntry(current, stat));
            }

            if (!stat.IsDirectory)
            {
                return (true, null);
            }

            opaqueAbove |= IsOpaque(current);
        }

        return (false, null); // Not reached: the last element returns.
    }

    private static FsEntry ToEntry(string full, EntryStat stat)
    {
        var type = stat.IsDirectory ? FsEntryType.Directory : stat.IsRegularFile ? FsEntryType.File : stat.IsSymlink ? FsEntryType.Symlink : FsEntryType.Other;
        return new FsEntry(type, stat.Permissions, stat.Uid, stat.Gid, stat.IsSymlink ? new FileInfo(full).LinkTarget : null);
    }

    private static bool IsOpaque(string directory) => OverlayNative.GetXattr(directory, OverlayWhiteouts.OpaqueAttribute) == "y";
}
