using System.Text;
using ContainerBuild.Oci;
using static ContainerBuild.Layers.Tests.LayerTestSupport;

namespace ContainerBuild.Layers.Tests;

public sealed class LayerWriterTests
{
    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task Same_entries_in_any_order_give_the_same_bytes(LayerCompression compression)
    {
        LayerEntry[] entries = [File("app/b.txt", "b"), File("app/a.txt", "a"), new LayerSymlink("app/link", "a.txt"), new LayerDirectory("data")];
        var (first, firstBytes) = await WriteAsync(Options(compression), entries);
        var (second, secondBytes) = await WriteAsync(Options(compression), [.. entries.Reverse()]);

        Assert.Equal(firstBytes, secondBytes);
        Assert.Equal(first, second);
        Assert.Equal(Digest.Compute(firstBytes), first.Digest);
        Assert.Equal(firstBytes.Length, first.Size);
        Assert.Equal(MediaType.ForLayer(compression, oci: true), first.MediaType);
    }

    [Fact]
    public async Task Uncompressed_layer_has_diff_id_equal_to_digest_and_ends_with_two_zero_blocks()
    {
        var (layer, bytes) = await WriteAsync(Options(), File("a", "x"));

        Assert.Equal(layer.DiffId, layer.Digest);
        Assert.Equal(bytes.Length, layer.UncompressedSize);
        Assert.Equal(0, bytes.Length % 512);
        Assert.All(bytes[^1024..], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Entries_are_in_byte_order_with_synthesised_parents()
    {
        var (_, bytes) = await WriteAsync(
            Options() with { DefaultOwner = new LayerOwner(1000, 1001) },
            File("/usr/lib/z", "z"), File("./usr/lib-x", "x"), File("usr/lib/a", "a"), File("Z", "cap"), File("é", "e"));
        var entries = await ListAsync(bytes);

        Assert.Equal(["Z", "usr/", "usr/lib/", "usr/lib-x", "usr/lib/a", "usr/lib/z", "é"], entries.Select(e => e.Path));
        var usr = entries[1];
        Assert.Equal(LayerEntryType.Directory, usr.Type);
        Assert.Equal(Oct("755"), usr.Mode);
        Assert.Equal((1000L, 1001L), (usr.UserId, usr.GroupId));
        Assert.Equal(SourceDate, usr.ModifiedTime);
    }

    [Fact]
    public async Task Later_entry_for_a_path_wins()
    {
        var (_, bytes) = await WriteAsync(Options(), File("a", "first"), File("a", "second!"));

        var entry = Assert.Single(await ListAsync(bytes));
        Assert.Equal(7, entry.Size);
    }

    [Fact]
    public async Task Modes_and_owners_are_written_as_given_with_names_only_when_given()
    {
        var (_, bytes) = await WriteAsync(
            Options(),
            File("bin/tool", "#!") with { Mode = Oct("755"), Owner = new LayerOwner(1654, 1654, "app", "app") },
            File("etc/conf", "c") with { Mode = Oct("4750") },
            new LayerDirectory("var/data") { Mode = Oct("700"), Owner = new LayerOwner(5, 6) });
        var byPath = (await ListAsync(bytes)).ToDictionary(e => e.Path);

        Assert.Equal(Oct("755"), byPath["bin/tool"].Mode);
        Assert.Equal(("app", "app"), (byPath["bin/tool"].UserName, byPath["bin/tool"].GroupName));
        Assert.Equal(Oct("4750"), byPath["etc/conf"].Mode);
        Assert.Null(byPath["etc/conf"].UserName);
        Assert.Equal(Oct("700"), byPath["var/data/"].Mode);
        Assert.Equal((5L, 6L), (byPath["var/data/"].UserId, byPath["var/data/"].GroupId));
    }

    [Fact]
    public async Task Timestamps_are_set_to_the_source_date_or_clamped_to_it()
    {
        var old = DateTimeOffset.FromUnixTimeSeconds(1_000_000_000);
        var future = SourceDate.AddDays(3);
        LayerEntry[] entries = [File("old", "o") with { ModifiedTime = old }, File("new", "n") with { ModifiedTime = future }];

        var setAll = (await ListAsync((await WriteAsync(Options(), entries)).Bytes)).ToDictionary(e => e.Path);
        var clamped = (await ListAsync((await WriteAsync(Options() with { Timestamps = TimestampPolicy.ClampToSourceDate }, entries)).Bytes)).ToDictionary(e => e.Path);

        Assert.Equal(SourceDate, setAll["old"].ModifiedTime);
        Assert.Equal(SourceDate, setAll["new"].ModifiedTime);
        Assert.Equal(old, clamped["old"].ModifiedTime);
        Assert.Equal(SourceDate, clamped["new"].ModifiedTime);
    }

    [Fact]
    public async Task Long_and_unicode_names_use_ustar_prefix_or_a_pax_header_with_a_fixed_name()
    {
        var split = string.Join('/', Enumerable.Repeat("segment-of-twenty-ch", 6)) + "/file";   // 131 bytes: ustar prefix
        var huge = string.Join('/', Enumerable.Repeat("a-rather-long-directory-name-here", 9)) + "/file"; // > 255: PAX
        var unicode = "données/日本語.txt";
        var longLink = "target/" + new string('t', 120);
        var (_, bytes) = await WriteAsync(Options(), File(split, "1"), File(huge, "2"), File(unicode, "3"), new LayerSymlink("l", longLink));
        var entries = (await ListAsync(bytes)).ToDictionary(e => e.Path);

        Assert.Contains(split, entries.Keys);
        Assert.Contains(huge, entries.Keys);
        Assert.Contains(unicode, entries.Keys);
        Assert.Equal(longLink, entries["l"].LinkTarget);

        var headerNames = HeaderNames(bytes);
        Assert.Contains("PaxHeaders/file", headerNames);
        Assert.Contains("PaxHeaders/_________.txt", headerNames);
        Assert.Contains("PaxHeaders/l", headerNames);
        Assert.DoesNotContain(headerNames, n => n.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) && n.StartsWith("PaxHeaders.", StringComparison.Ordinal));
        var splitCount = headerNames.Count(n => n == "PaxHeaders/file");
        Assert.Equal(1, splitCount); // Only the >255 name needs PAX; the 131-byte one fits prefix + name.
    }

    [Fact]
    public async Task Large_ids_and_long_owner_names_go_to_pax()
    {
        var owner = new LayerOwner(3_000_000, 2_097_151, new string('u', 40), "grüppe");
        var (_, bytes) = await WriteAsync(Options(), File("f", "x") with { Owner = owner });
        var entry = Assert.Single(await ListAsync(bytes));

        Assert.Equal(3_000_000, entry.UserId);
        Assert.Equal(2_097_151, entry.GroupId);
        Assert.Equal(owner.UserName, entry.UserName);
        Assert.Equal("grüppe", entry.GroupName);
    }

    [Fact]
    public async Task Whiteouts_and_opaque_directories_become_wh_files()
    {
        var (_, bytes) = await WriteAsync(Options(), new LayerWhiteout("etc/gone.conf"), new LayerOpaqueWhiteout("/var/cache"));
        var entries = await ListAsync(bytes);

        Assert.Equal(["etc/", "etc/.wh.gone.conf", "var/", "var/cache/", "var/cache/.wh..wh..opq"], entries.Select(e => e.Path));
        Assert.All(entries.Where(e => e.Type == LayerEntryType.File), e => Assert.Equal(0, e.Size));
    }

    [Fact]
    public async Task Hard_links_put_the_data_on_the_first_path_and_link_the_others_to_it()
    {
        var (_, bytes) = await WriteAsync(Options(), File("z/data", "shared") with { Mode = Oct("600") }, new LayerHardLink("a/link", "/z/data"), new LayerHardLink("m/link2", "a/link"));
        var entries = (await ListAsync(bytes)).Where(e => e.Type != LayerEntryType.Directory).ToList();

        Assert.Equal(["a/link", "m/link2", "z/data"], entries.Select(e => e.Path));
        Assert.Equal((LayerEntryType.File, 6L, Oct("600")), (entries[0].Type, entries[0].Size, entries[0].Mode));
        Assert.All(entries.Skip(1), e => Assert.Equal((LayerEntryType.HardLink, "a/link"), (e.Type, e.LinkTarget)));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    public async Task Paths_that_climb_out_are_refused(string path)
    {
        var error = await Assert.ThrowsAsync<InvalidLayerEntryException>(() => WriteAsync(Options(), File(path, "x")));
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_under_a_file_and_a_dangling_hard_link_are_refused()
    {
        await Assert.ThrowsAsync<InvalidLayerEntryException>(() => WriteAsync(Options(), File("a", "x"), File("a/b", "y")));
        var error = await Assert.ThrowsAsync<InvalidLayerEntryException>(() => WriteAsync(Options(), new LayerHardLink("a", "missing")));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_header_has_mtime_zero_and_unix_os_byte()
    {
        foreach (var level in new[] { 1, 6, 9 })
        {
            var (_, bytes) = await WriteAsync(Options(LayerCompression.Gzip) with { CompressionLevel = level }, File("a", "x"));
            Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 }, bytes[..8]);
            Assert.Equal(3, bytes[9]);
        }
    }

    [Fact]
    public async Task Zstd_frame_carries_a_content_checksum()
    {
        var (_, bytes) = await WriteAsync(Options(LayerCompression.Zstd), File("a", "x"));

        Assert.Equal(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, bytes[..4]);
        Assert.NotEqual(0, bytes[4] & 0x04); // Frame header descriptor: Content_Checksum_flag.
    }

    [Fact]
    public async Task Levels_outside_the_range_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WriteAsync(Options(LayerCompression.Gzip) with { CompressionLevel = 10 }, File("a", "x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WriteAsync(Options(LayerCompression.Zstd) with { CompressionLevel = 23 }, File("a", "x")));
    }

    /// <summary>The raw name field of every header block, walking the tar by sizes.</summary>
    private static List<string> HeaderNames(byte[] tar)
    {
        var names = new List<string>();
        for (var offset = 0; offset + 512 <= tar.Length;)
        {
            var header = tar.AsSpan(offset, 512);
            if (header.IndexOfAnyExcept((byte)0) < 0)
            {
                break;
            }

            names.Add(Encoding.ASCII.GetString(header[..100]).TrimEnd('\0'));
            var size = Convert.ToInt64(Encoding.ASCII.GetString(header.Slice(124, 11)), 8);
            offset += 512 + (int)((size + 511) / 512 * 512);
        }

        return names;
    }
}
