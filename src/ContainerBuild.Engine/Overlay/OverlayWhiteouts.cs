namespace ContainerBuild.Engine.Overlay;

/// <summary>Rewrites a layer extracted with its OCI whiteout files kept into overlayfs's format, in place.</summary>
internal static class OverlayWhiteouts
{
    public const string OpaqueAttribute = "trusted.overlay.opaque";
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>
    /// <c>.wh.NAME</c> becomes a character device 0:0 named NAME, <c>.wh..wh..opq</c> the opaque attribute on its
    /// directory; each directory touched gets its mtime back, since the merged view shows it. Returns how many it converted.
    /// </summary>
    public static int Convert(string root, CancellationToken cancellationToken)
    {
        var converted = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var markers = new List<string>();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                {
                    markers.Add(entry.Name);
                }
                else if (entry is DirectoryInfo child && entry.LinkTarget is null)
                {
                    pending.Push(child.FullName);
                }
            }

            if (markers.Count == 0)
            {
                continue;
            }

            var modified = Directory.GetLastWriteTimeUtc(directory);
            foreach (var marker in markers)
            {
                var markerPath = Path.Combine(directory, marker);
                File.Delete(markerPath);
                var hidden = marker[WhiteoutPrefix.Length..];
                if (marker == OpaqueMarker)
                {
                    OverlayNative.SetXattr(directory, OpaqueAttribute, "y");
                }
                else if (!hidden.StartsWith(WhiteoutPrefix, StringComparison.Ordinal) && hidden is not ("" or "." or "..")
                    && OverlayNative.TryLStat(Path.Combine(directory, hidden)) is null)
                {
                    // A name this layer also holds is its own entry, which hides the lower one already.
                    OverlayNative.MakeWhiteout(Path.Combine(directory, hidden));
                }

                converted++;
            }

            Directory.SetLastWriteTimeUtc(directory, modified);
        }

        return converted;
    }
}
