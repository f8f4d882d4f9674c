using System.Globalization;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Bench;

/// <summary>The options of the pack commands.</summary>
internal sealed record PackArguments(LayerWriterOptions Writer, bool NormalizeModes, int Layers)
{
    public static PackArguments Parse(ReadOnlySpan<string> args)
    {
        var compression = LayerCompression.Gzip;
        int? level = null;
        var sourceDate = DateTimeOffset.UnixEpoch;
        var timestamps = TimestampPolicy.SetAllToSourceDate;
        var normalize = false;
        var layers = 4;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--compression":
                    compression = args[++i] switch
                    {
                        "gzip" => LayerCompression.Gzip,
                        "zstd" => LayerCompression.Zstd,
                        "none" => LayerCompression.None,
                        var other => throw new ArgumentException($"Unknown compression '{other}' (gzip, zstd or none)."),
                    };
                    break;
                case "--level":
                    level = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--source-date":
                    sourceDate = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--clamp":
                    timestamps = TimestampPolicy.ClampToSourceDate;
                    break;
                case "--normalize-modes":
                    normalize = true;
                    break;
                case "--layers":
                    layers = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        var writer = new LayerWriterOptions { Compression = compression, CompressionLevel = level, SourceDate = sourceDate, Timestamps = timestamps };
        return new PackArguments(writer, normalize, layers);
    }

    /// <summary>Deals the top-level entries of a directory into <paramref name="count"/> groups of about equal size.</summary>
    public static List<List<string>> Split(string directory, int count)
    {
        var children = Directory.EnumerateFileSystemEntries(directory)
            .Select(path => (Path: path, Size: SizeOf(path)))
            .OrderByDescending(c => c.Size)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .ToList();
        var groups = Enumerable.Range(0, count).Select(_ => (Items: new List<string>(), Size: 0L)).ToArray();
        foreach (var child in children)
        {
            var smallest = Array.IndexOf(groups, groups.MinBy(g => g.Size));
            groups[smallest].Items.Add(child.Path);
            groups[smallest].Size += child.Size;
        }

        return groups.Where(g => g.Items.Count > 0).Select(g => g.Items).ToList();
    }

    private static long SizeOf(string path) =>
        File.Exists(path) ? new FileInfo(path).Length
        : new DirectoryInfo(path).LinkTarget is not null ? 0
        : new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length);
}
