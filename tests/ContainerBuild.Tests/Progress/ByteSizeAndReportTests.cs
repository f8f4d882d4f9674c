using ContainerBuild.Cache;

namespace ContainerBuild.Tests.Progress;

/// <summary>The cache facade's size parsing and Docker-style formatting.</summary>
public sealed class ByteSizeAndReportTests
{
    [Theory]
    [InlineData("5GB", 5L << 30)]
    [InlineData("5g", 5L << 30)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("1.5k", 1536)]
    [InlineData("1024", 1024)]
    [InlineData("0", 0)]
    public void Keep_storage_sizes_parse_as_Docker_parses_them(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("5XB")]
    [InlineData("five")]
    public void A_size_that_does_not_parse_is_refused(string text) => Assert.Throws<FormatException>(() => ByteSize.Parse(text));

    [Theory]
    [InlineData(227, "227B")]
    [InlineData(1234567, "1.235MB")]
    [InlineData(5_000_000_000, "5GB")]
    public void Sizes_print_as_Docker_prints_them(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData(0, "Less than a second ago")]
    [InlineData(30, "30 seconds ago")]
    [InlineData(90, "About a minute ago")]
    [InlineData(3 * 3600, "3 hours ago")]
    [InlineData(3 * 86400, "3 days ago")]
    public void Last_use_prints_as_Docker_prints_it(int secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, CacheReport.Ago(now.AddSeconds(-secondsAgo), now));
    }
}

/// <summary>du's report over a real store with records in it.</summary>
public sealed class CacheReportTests : IDisposable
{
    private readonly TempDirectory root = new("cb-du");

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task Du_prints_a_row_per_entry_and_the_totals_and_verbose_prints_every_field()
    {
        var token = TestContext.Current.CancellationToken;
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var store = new Engine.Store.ContentStore(root.Combine("store"));
        var records = new Engine.Cache.CacheRecordStore(store);
        var key = Oci.Digest.Compute("copy"u8);
        await records.SaveAsync(new Solver.CacheRecord
        {
            Key = key,
            ResultKey = key,
            Results = [new Solver.CachedResult("snapshot", 2_500_000, [])],
            Description = "[2/2] COPY . /app",
            Created = now.AddHours(-3),
            LastUsed = now.AddHours(-3),
        }, token);
        var cache = new BuildCache(new BuildCacheOptions { Root = root.Combine("store") });
        var usage = await cache.DiskUsageAsync(token);

        Assert.Equal(
            $"""
            ID                         RECLAIMABLE  SIZE   LAST ACCESSED
            {key.Hex[..25]}  true         2.5MB  3 hours ago
            Reclaimable:    2.5MB
            Total:          2.5MB

            """.ReplaceLineEndings("\n"),
            CacheReport.DiskUsage(usage, now, verbose: false));
        var verbose = CacheReport.DiskUsage(usage, now, verbose: true);
        Assert.Contains($"ID:             {key}\n", verbose, StringComparison.Ordinal);
        Assert.Contains("Description:    [2/2] COPY . /app\n", verbose, StringComparison.Ordinal);
        Assert.Contains("Type:           regular\n", verbose, StringComparison.Ordinal);
    }
}
