namespace ContainerBuild.Engine.Overlay;

/// <summary>Whether an entry of the new tree is the lower tree's entry unchanged, by one rule for every way of running.</summary>
internal static class EntryComparison
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Type, permissions and owner must match; a directory needs nothing more (its mtime follows its children, which
    /// speak for themselves). A symlink's target must match. A file's size must match, and when its mtime moved its
    /// content decides (a <c>touch</c> is not a change).
    /// </summary>
    public static bool Unchanged(string newPath, EntryStat now, string lowerPath, EntryStat before)
    {
        if (now.Type != before.Type || now.Permissions != before.Permissions || now.Uid != before.Uid || now.Gid != before.Gid)
        {
            return false;
        }

        return now.Type switch
        {
            EntryStat.DirectoryType => true,
            EntryStat.SymlinkType => string.Equals(new FileInfo(newPath).LinkTarget, new FileInfo(lowerPath).LinkTarget, StringComparison.Ordinal),
            EntryStat.RegularType => now.Size == before.Size && (now.ModifiedNanoseconds == before.ModifiedNanoseconds || SameContent(newPath, lowerPath)),
            _ => now.DeviceMajor == before.DeviceMajor && now.DeviceMinor == before.DeviceMinor && now.ModifiedNanoseconds == before.ModifiedNanoseconds,
        };
    }

    private static bool SameContent(string left, string right)
    {
        using var a = new FileStream(left, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.SequentialScan);
        using var b = new FileStream(right, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.SequentialScan);
        var bufferA = new byte[BufferSize];
        var bufferB = new byte[BufferSize];
        while (true)
        {
            var readA = a.ReadAtLeast(bufferA, BufferSize, throwOnEndOfStream: false);
            var readB = b.ReadAtLeast(bufferB, BufferSize, throwOnEndOfStream: false);
            if (readA != readB || !bufferA.AsSpan(0, readA).SequenceEqual(bufferB.AsSpan(0, readB)))
            {
                return false;
            }

            if (readA == 0)
            {
                return true;
            }
        }
    }
}
