using System.Globalization;
using System.Text;
using ContainerBuild.Engine.Cache;

namespace ContainerBuild.Cache;

/// <summary>du and prune reports as <c>docker buildx du</c> and <c>docker builder prune</c> print them.</summary>
public static class CacheReport
{
    /// <summary>The table (or with <paramref name="verbose"/>, one block per entry) and the totals.</summary>
    public static string DiskUsage(CacheDiskUsage usage, DateTimeOffset now, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var text = new StringBuilder();
        if (verbose)
        {
            foreach (var entry in usage.Entries)
            {
                Row(text, "ID:", entry.Id.ToString());
                Row(text, "Created at:", entry.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff 'UTC'", CultureInfo.InvariantCulture));
                Row(text, "Mutable:", "false");
                Row(text, "Reclaimable:", Bool(entry.Reclaimable));
                Row(text, "Shared:", Bool(entry.Shared));
                Row(text, "Size:", ByteSize.Format(entry.Size));
                Row(text, "Description:", entry.Description);
                Row(text, "Keys:", entry.Keys.Count.ToString(CultureInfo.InvariantCulture));
                Row(text, "Last used:", Ago(entry.LastUsed, now));
                Row(text, "Type:", entry.RecordType);
                text.Append('\n');
            }
        }
        else if (usage.Entries.Count > 0)
        {
            var rows = usage.Entries.Select(e => new[] { ShortId(e), Bool(e.Reclaimable), ByteSize.Format(e.Size), Ago(e.LastUsed, now) }).ToList();
            Table(text, ["ID", "RECLAIMABLE", "SIZE", "LAST ACCESSED"], rows);
        }

        if (usage.Shared > 0)
        {
            Row(text, "Shared:", ByteSize.Format(usage.Shared));
            Row(text, "Private:", ByteSize.Format(usage.Private));
        }

        Row(text, "Reclaimable:", ByteSize.Format(usage.Reclaimable));
        Row(text, "Total:", ByteSize.Format(usage.Total));
        return text.ToString();
    }

    /// <summary>The removed entries and the space reclaimed.</summary>
    public static string Prune(PruneResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        if (result.Removed.Count > 0)
        {
            text.Append("Deleted build cache objects:\n");
            foreach (var entry in result.Removed)
            {
                text.Append(ShortId(entry)).Append('\n');
            }

            text.Append('\n');
        }

        return text.Append("Total reclaimed space: ").Append(ByteSize.Format(result.ReclaimedBytes)).Append('\n').ToString();
    }

    /// <summary>Docker's "N units ago" (go-units HumanDuration).</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var elapsed = now - then;
        var seconds = (long)elapsed.TotalSeconds;
        var text = seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds} seconds",
            _ when elapsed.TotalMinutes < 2 => "About a minute",
            _ when elapsed.TotalMinutes < 60 => $"{(long)elapsed.TotalMinutes} minutes",
            _ when elapsed.TotalHours < 2 => "About an hour",
            _ when elapsed.TotalHours < 48 => $"{(long)elapsed.TotalHours} hours",
            _ when elapsed.TotalHours < 24 * 7 * 2 => $"{(long)(elapsed.TotalHours / 24)} days",
            _ when elapsed.TotalHours < 24 * 30 * 2 => $"{(long)(elapsed.TotalHours / 24 / 7)} weeks",
            _ when elapsed.TotalHours < 24 * 365 * 2 => $"{(long)(elapsed.TotalHours / 24 / 30)} months",
            _ => $"{(long)(elapsed.TotalHours / 24 / 365)} years",
        };
        return text + " ago";
    }

    // Result keys are long; the table shows 25 characters, as long as buildx's record ids.
    private static string ShortId(CacheEntry entry) => entry.Id.Hex[..25];

    private static string Bool(bool value) => value ? "true" : "false";

    private static void Row(StringBuilder text, string label, string value) => text.Append(label.PadRight(16)).Append(value).Append('\n');

    private static void Table(StringBuilder text, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length)) + 2).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]));
            }

            text.Append('\n');
        }
    }
}
