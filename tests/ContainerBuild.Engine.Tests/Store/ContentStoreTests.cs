using System.Text;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Store;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempDirectory root = new("cb-store");
    private readonly ContentStore store;

    public ContentStoreTests() => store = new ContentStore(root.Path);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task A_written_blob_reads_back_byte_for_byte_under_its_digest()
    {
        var content = SeededStream.Bytes(seed: 1, length: 3 * 1024 * 1024 + 17);
        var digest = Digest.Compute(content);

        var written = await store.WriteAsync(new MemoryStream(content), cancellationToken: Token);

        Assert.Equal(new WrittenContent(digest, content.Length, AlreadyExisted: false), written);
        Assert.True(store.Exists(digest));
        Assert.Equal(content.Length, store.TryGetInfo(digest)!.Size);
        Assert.Equal(Path.Combine(root.Path, "blobs", "sha256", digest.Hex), Assert.Single(StoreFolders.Blobs(root.Path)));
        Assert.Empty(StoreFolders.Ingest(root.Path));
        await using var read = store.OpenRead(digest);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, Token);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Writing_the_same_content_again_keeps_one_blob_and_says_it_was_there()
    {
        var content = Encoding.UTF8.GetBytes("{\"schemaVersion\":2}");

        var first = await store.WriteAsync(content, cancellationToken: Token);
        var second = await store.WriteAsync(content, first.Digest, Token);
        var third = await store.WriteAsync(new MemoryStream(content), cancellationToken: Token);

        Assert.False(first.AlreadyExisted);
        Assert.True(second.AlreadyExisted);
        Assert.True(third.AlreadyExisted);
        Assert.Equal(first.Digest, third.Digest);
        Assert.Single(StoreFolders.Blobs(root.Path));
        Assert.Empty(StoreFolders.Ingest(root.Path));
    }

    [Fact]
    public async Task Content_that_does_not_hash_to_the_expected_digest_is_not_stored()
    {
        var expected = Digest.Compute("what the manifest promised"u8);
        var delivered = Encoding.UTF8.GetBytes("what the registry sent");

        var error = await Assert.ThrowsAsync<ContentDigestMismatchException>(
            () => store.WriteAsync(new MemoryStream(delivered), expected, cancellationToken: Token));

        Assert.Equal(expected, error.Expected);
        Assert.Equal(Digest.Compute(delivered), error.Actual);
        Assert.Contains(expected.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Actual.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(StoreFolders.Blobs(root.Path));
        Assert.Empty(StoreFolders.Ingest(root.Path));
        Assert.False(store.Exists(expected));
    }

    [Fact]
    public async Task Content_longer_or_shorter_than_expected_is_not_stored()
    {
        var content = SeededStream.Bytes(seed: 2, length: 4096);
        var digest = Digest.Compute(content);

        var longer = await Assert.ThrowsAsync<ContentSizeMismatchException>(
            () => store.WriteAsync(new MemoryStream(content), digest, expectedSize: 1000, Token));
        var shorter = await Assert.ThrowsAsync<ContentSizeMismatchException>(
            () => store.WriteAsync(new MemoryStream(content), digest, expectedSize: 5000, Token));

        Assert.True(longer.StoppedEarly);
        Assert.Equal(1000, longer.ExpectedSize);
        Assert.False(shorter.StoppedEarly);
        Assert.Equal(4096, shorter.ActualSize);
        Assert.Empty(StoreFolders.Blobs(root.Path));
        Assert.Empty(StoreFolders.Ingest(root.Path));
    }

    [Fact]
    public async Task A_sha512_expected_digest_is_hashed_with_sha512()
    {
        var content = Encoding.UTF8.GetBytes("sha512 content");
        var digest = Digest.Parse("sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(content)));

        var written = await store.WriteAsync(content, digest, Token);

        Assert.Equal(digest, written.Digest);
        await using var read = store.OpenRead(digest);
        await read.CopyToAsync(Stream.Null, Token);
        Assert.Contains(store.TryGetInfo(digest), await ToListAsync(store.EnumerateAsync(Token)));
    }

    [Fact]
    public async Task A_blob_corrupted_on_disk_fails_its_read_and_is_removed_so_it_is_fetched_again()
    {
        var content = SeededStream.Bytes(seed: 3, length: 2 * 1024 * 1024);
        var digest = (await store.WriteAsync(content, cancellationToken: Token)).Digest;
        FlipByte(Path.Combine(root.Path, "blobs", "sha256", digest.Hex), offset: 1_000_000);

        var error = await Assert.ThrowsAsync<ContentCorruptException>(async () =>
        {
            await using var read = store.OpenRead(digest);
            await read.CopyToAsync(Stream.Null, Token);
        });

        Assert.Equal(digest, error.Expected);
        Assert.NotEqual(digest, error.Actual);
        Assert.False(store.Exists(digest));
        Assert.Throws<ContentNotFoundException>(() => store.OpenRead(digest));
        Assert.False((await store.WriteAsync(content, digest, Token)).AlreadyExisted);
        await using var healed = store.OpenRead(digest);
        await healed.CopyToAsync(Stream.Null, Token);
    }

    [Fact]
    public async Task A_reader_that_stops_at_the_known_length_still_gets_the_corruption_and_not_the_last_bytes()
    {
        var content = SeededStream.Bytes(seed: 4, length: 10_000);
        var digest = (await store.WriteAsync(content, cancellationToken: Token)).Digest;
        FlipByte(Path.Combine(root.Path, "blobs", "sha256", digest.Hex), offset: 0);

        using var read = store.OpenRead(digest);
        var buffer = new byte[read.Length];

        Assert.Throws<ContentCorruptException>(() => read.ReadExactly(buffer));
        Assert.False(store.Exists(digest));
    }

    [Fact]
    public async Task An_unverified_read_serves_the_bytes_as_they_are()
    {
        var digest = (await store.WriteAsync("abc"u8.ToArray(), cancellationToken: Token)).Digest;
        FlipByte(Path.Combine(root.Path, "blobs", "sha256", digest.Hex), offset: 1);

        await using var read = store.OpenRead(digest, verify: false);
        await read.CopyToAsync(Stream.Null, Token);

        Assert.True(store.Exists(digest));
    }

    [Fact]
    public async Task Reading_a_blob_marks_it_used()
    {
        var digest = (await store.WriteAsync("used"u8.ToArray(), cancellationToken: Token)).Digest;
        var path = Path.Combine(root.Path, "blobs", "sha256", digest.Hex);
        var longAgo = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, longAgo);
        Assert.Equal(longAgo, store.TryGetInfo(digest)!.LastUsed.UtcDateTime);

        store.OpenRead(digest).Dispose();

        Assert.True(store.TryGetInfo(digest)!.LastUsed > longAgo.AddDays(1));
    }

    [Fact]
    public async Task Enumerate_lists_every_blob_and_delete_removes_one()
    {
        var a = (await store.WriteAsync("a"u8.ToArray(), cancellationToken: Token)).Digest;
        var b = (await store.WriteAsync("bb"u8.ToArray(), cancellationToken: Token)).Digest;
        File.WriteAllText(Path.Combine(root.Path, "blobs", "sha256", "not-a-digest"), "stray");

        var listed = await ToListAsync(store.EnumerateAsync(Token));

        Assert.Equal([(a, 1L), (b, 2L)], listed.Select(x => (x.Digest, x.Size)).OrderBy(x => x.Size));
        Assert.True(store.Delete(a));
        Assert.False(store.Delete(a));
        Assert.Equal([b], (await ToListAsync(store.EnumerateAsync(Token))).Select(x => x.Digest));
        Assert.Null(store.TryGetInfo(a));
    }

    [Fact]
    public async Task A_write_cancelled_midway_leaves_no_blob_and_no_temp_file_and_the_next_write_succeeds()
    {
        const int Size = 8 * 1024 * 1024;
        var content = SeededStream.Bytes(seed: 5, length: Size);
        var digest = Digest.Compute(content);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var slow = new SeededStream(seed: 5, Size, delayPerRead: TimeSpan.FromMilliseconds(20), maxChunk: 64 * 1024);

        var writing = store.WriteAsync(slow, digest, Size, cancel.Token);
        while (slow.Position < Size / 4)
        {
            await Task.Delay(10, Token);
        }

        Assert.Single(StoreFolders.Ingest(root.Path));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        Assert.Empty(StoreFolders.Blobs(root.Path));
        Assert.Empty(StoreFolders.Ingest(root.Path));
        Assert.False((await store.WriteAsync(new MemoryStream(content), digest, Size, Token)).AlreadyExisted);
        Assert.True(store.Exists(digest));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_50_MB_blob_all_succeed_with_one_blob_and_no_leftovers()
    {
        const int Size = 50 * 1024 * 1024;
        var digest = await Digest.ComputeAsync(new SeededStream(seed: 6, Size), Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () => store.WriteAsync(new SeededStream(seed: 6, Size, maxChunk: 256 * 1024), digest, Size, Token), Token)));

        Assert.All(results, r => Assert.Equal((digest, (long)Size), (r.Digest, r.Size)));
        Assert.Equal(Path.Combine(root.Path, "blobs", "sha256", digest.Hex), Assert.Single(StoreFolders.Blobs(root.Path)));
        Assert.Empty(StoreFolders.Ingest(root.Path));
        await using var read = store.OpenRead(digest);
        await read.CopyToAsync(Stream.Null, Token);
    }

    [Fact]
    public async Task Ingest_cleanup_removes_stale_files_but_not_fresh_ones_nor_one_a_live_writer_holds()
    {
        var ingest = Path.Combine(root.Path, "ingest");
        var stale = Path.Combine(ingest, "stale.part");
        var fresh = Path.Combine(ingest, "fresh.part");
        await File.WriteAllTextAsync(stale, "left by a crashed build", Token);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        await File.WriteAllTextAsync(fresh, "a moment ago", Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var live = new StallingStream(bytesBeforeStall: 4096);
        var writing = store.WriteAsync(live, cancellationToken: cancel.Token);
        await live.Stalled.WaitAsync(Token);

        var liveFile = Assert.Single(StoreFolders.Ingest(root.Path), f => f != stale && f != fresh);
        File.SetLastWriteTimeUtc(liveFile, DateTime.UtcNow.AddDays(-2));

        Assert.Equal(1, await store.CleanupIngestAsync(cancellationToken: Token));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(liveFile));
        Assert.Equal(0, await store.CleanupIngestAsync(TimeSpan.FromDays(1), Token));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        Assert.Equal(1, await store.CleanupIngestAsync(TimeSpan.Zero, Token));
        Assert.Empty(StoreFolders.Ingest(root.Path));
    }

    [Fact]
    public void Opening_a_blob_the_store_does_not_hold_names_it()
    {
        var digest = Digest.Compute("absent"u8);

        var error = Assert.Throws<ContentNotFoundException>(() => store.OpenRead(digest));

        Assert.Equal(digest, error.Digest);
        Assert.Null(store.TryGetInfo(digest));
    }

    internal static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xFF));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
