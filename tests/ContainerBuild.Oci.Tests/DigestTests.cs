using System.Text;
using System.Text.Json;

namespace ContainerBuild.Oci.Tests;

public sealed class DigestTests
{
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Parse_accepts_sha256_and_sha512_and_keeps_their_parts()
    {
        var digest = Digest.Parse(EmptySha256);
        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(EmptySha256["sha256:".Length..], digest.Hex);
        Assert.Equal(EmptySha256, digest.ToString());
        Assert.Equal("e3b0c44298fc", digest.ToShortString());
        Assert.False(digest.IsEmpty);

        var sha512 = "sha512:" + new string('a', 128);
        Assert.Equal(sha512, Digest.Parse(sha512).ToString());
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "algorithm:hex")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "'md5'")]
    [InlineData("sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b", "'sha384'")]
    [InlineData("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "'SHA256'")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "lower-case")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "64 lower-case hex")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", "64 lower-case hex")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex")]
    [InlineData("sha512:abc", "128 lower-case hex")]
    [InlineData(":abc", "algorithm:hex")]
    public void Parse_rejects_what_is_not_a_digest_and_says_why(string text, string expectedInMessage)
    {
        var error = Assert.Throws<FormatException>(() => Digest.Parse(text));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void Compute_of_nothing_is_the_well_known_empty_sha256()
    {
        Assert.Equal(Digest.Parse(EmptySha256), Digest.Compute([]));
    }

    [Fact]
    public async Task Incremental_hashing_equals_one_shot_and_stream_hashing()
    {
        var data = new byte[1_000_003];
        new Random(42).NextBytes(data);
        var oneShot = Digest.Compute(data);

        using var hasher = Digest.CreateHasher();
        for (var offset = 0; offset < data.Length; offset += 4099)
        {
            hasher.Append(data.AsSpan(offset, Math.Min(4099, data.Length - offset)));
            if (offset == 4099 * 10)
            {
                Assert.Equal(Digest.Compute(data.AsSpan(0, offset + 4099)), hasher.Current());
            }
        }

        Assert.Equal(oneShot, hasher.Current());
        Assert.Equal(data.Length, hasher.Length);

        using var stream = new MemoryStream(data);
        Assert.Equal(oneShot, await Digest.ComputeAsync(stream, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void FromSha256Hash_rejects_a_hash_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => Digest.FromSha256Hash(new byte[31]));
    }

    [Fact]
    public void Json_round_trip_keeps_the_digest_as_a_string()
    {
        var digest = Digest.Compute(Encoding.UTF8.GetBytes("hello"));
        var json = JsonSerializer.Serialize(digest);
        Assert.Equal($"\"{digest}\"", json);
        Assert.Equal(digest, JsonSerializer.Deserialize<Digest>(json));
    }

    [Theory]
    [InlineData("\"sha256:abc\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Json_rejects_a_bad_digest_with_a_json_exception(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Digest>(json));
    }

    [Fact]
    public void Digests_order_by_their_text()
    {
        var low = Digest.Parse("sha256:" + new string('0', 64));
        var high = Digest.Parse("sha256:" + new string('f', 64));
        Assert.True(low < high);
        Assert.Equal([low, high], new[] { high, low }.Order());
    }
}
