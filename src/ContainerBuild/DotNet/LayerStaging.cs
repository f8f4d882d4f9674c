using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.DotNet;

/// <summary>
/// Gathers one layer's published files into a folder of their own, as hard links (copies where links cannot be made),
/// so the layer's local source sees exactly its files and nothing of the others. The folder is kept between builds and
/// brought up to date in place: a file whose source is unchanged is not touched (so the checksum cache still knows it),
/// a changed one is linked again, and files no longer published are removed. A record beside the folder
/// (<c>&lt;folder&gt;.sync.json</c>) remembers each file's source, size and mtime.
/// </summary>
public static class LayerStaging
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101; // 0755: the same bits whatever the umask

    /// <summary>Brings <paramref name="directory"/> to hold exactly <paramref name="files"/> at their relative paths.</summary>
    /// <exception cref="ArgumentException">A relative path is absolute, leaves the folder, or is given twice.</exception>
    /// <exception cref="FileNotFoundException">A published file does not exist.</exception>
    public static void Sync(string directory, IEnumerable<DotNetPublishFile> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(files);
        var wanted = new SortedDictionary<string, DotNetPublishFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = CleanRelative(file.RelativePath);
            if (!wanted.TryAdd(relative, file))
            {
                throw new ArgumentException($"Two published files go to '{relative}': {wanted[relative].SourcePath} and {file.SourcePath}.", nameof(files));
            }
        }

        var recordPath = directory.TrimEnd('/') + ".sync.json";
        var previous = ReadRecord(recordPath);
        Directory.CreateDirectory(directory);
        RemoveUnwanted(directory, wanted);

        var record = new Dictionary<string, StagedFile>(StringComparer.Ordinal);
        foreach (var (relative, file) in wanted)
        {
            var source = Resolve(file.SourcePath);
            var stamp = new StagedFile(source.FullName, source.Length, source.LastWriteTimeUtc.Ticks);
            var target = Path.Combine(directory, relative);
            var staged = new FileInfo(target);
            var current = previous.TryGetValue(relative, out var known) && known == stamp
                && staged is { Exists: true, LinkTarget: null } && staged.Length == stamp.Size && staged.LastWriteTimeUtc.Ticks == stamp.ModifiedTicks;
            if (!current)
            {
                Stage(source, directory, target);
            }

            record[relative] = stamp;
        }

        SetDirectoryModes(directory);
        WriteRecord(recordPath, record);
    }

    /// <summary>A published path as it goes under the working directory: forward slashes, no <c>.</c> parts, never above it.</summary>
    public static string CleanRelative(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = new List<string>();
        foreach (var part in relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw new ArgumentException($"The published file '{relativePath}' would go above the working directory.", nameof(relativePath));
            }

            parts.Add(part);
        }

        if (parts.Count == 0 || relativePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{relativePath}' is not a relative path of a published file.", nameof(relativePath));
        }

        return string.Join('/', parts);
    }

    private static FileInfo Resolve(string sourcePath)
    {
        var source = new FileInfo(sourcePath);
        if (source.LinkTarget is not null && source.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            source = target;
        }

        return source.Exists ? source : throw new FileNotFoundException($"The published file {sourcePath} does not exist: publish again.", sourcePath);
    }

    private static void Stage(FileInfo source, string root, string target)
    {
        CreateParents(root, Path.GetDirectoryName(target)!);
        if (Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
        {
            Directory.Delete(target, recursive: true);
        }
        else
        {
            File.Delete(target);
        }

        if (!HardLinks.TryCreate(source.FullName, target))
        {
            // Another file system (or no links at all): a copy with the source's mtime, so the next build sees it unchanged.
            File.Copy(source.FullName, target);
            File.SetLastWriteTimeUtc(target, source.LastWriteTimeUtc);
        }
    }

    private static void CreateParents(string root, string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        CreateParents(root, Path.GetDirectoryName(directory)!);
        if (File.Exists(directory))
        {
            File.Delete(directory);
        }

        Directory.CreateDirectory(directory);
    }

    // Files and links that are not (or no longer) published, and folders that hold none of what is.
    private static void RemoveUnwanted(string root, SortedDictionary<string, DotNetPublishFile> wanted)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var relative in wanted.Keys)
        {
            for (var slash = relative.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = relative.IndexOf('/', slash + 1))
            {
                folders.Add(relative[..slash]);
            }
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                if (entry is DirectoryInfo { LinkTarget: null } folder)
                {
                    if (folders.Contains(relative))
                    {
                        pending.Push(folder.FullName);
                    }
                    else
                    {
                        folder.Delete(recursive: true);
                    }
                }
                else if (!wanted.ContainsKey(relative))
                {
                    entry.Delete();
                }
            }
        }
    }

    private static void SetDirectoryModes(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix modes there
        }

        foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root))
        {
            if (File.GetUnixFileMode(directory) != DirectoryMode)
            {
                File.SetUnixFileMode(directory, DirectoryMode);
            }
        }
    }

    private static Dictionary<string, StagedFile> ReadRecord(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, StagingRecordJson.Default.DictionaryStringStagedFile) ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // No record (first build) or a damaged one: every file is linked again.
            return [];
        }
    }

    private static void WriteRecord(string path, Dictionary<string, StagedFile> record)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(record, StagingRecordJson.Default.DictionaryStringStagedFile));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>What a staged file was linked from: the source's path, size and mtime at the time.</summary>
internal sealed record StagedFile(string Source, long Size, long ModifiedTicks);

[JsonSerializable(typeof(Dictionary<string, StagedFile>))]
internal sealed partial class StagingRecordJson : JsonSerializerContext;
