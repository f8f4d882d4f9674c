using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Oci;

/// <summary>
/// A content digest (<c>algorithm:hex</c>), as the OCI image spec defines it. Only sha256 and
/// sha512 are accepted; the hex part is lower case and of the algorithm's exact length.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest : IComparable<Digest>
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary>The algorithm, <c>sha256</c> or <c>sha512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The encoded hash: lower-case hex.</summary>
    public string Hex { get; }

    /// <summary>Whether this is <c>default</c> (no digest) rather than a parsed one.</summary>
    public bool IsEmpty => Algorithm is null;

    /// <summary>Parses <c>sha256:&lt;64 hex&gt;</c> or <c>sha512:&lt;128 hex&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid digest.</exception>
    public static Digest Parse(string text) =>
        TryParse(text, out var digest, out var error) ? digest : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest) => TryParse(text, out digest, out _);

    private static bool TryParse(string? text, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "A digest is required (expected 'sha256:<64 hex digits>').";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"'{text}' is not a digest: expected 'algorithm:hex', such as 'sha256:<64 hex digits>'.";
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (expectedLength < 0)
        {
            error = $"'{text}' uses the digest algorithm '{algorithm}', which is not supported (sha256 or sha512).";
            return false;
        }

        if (hex.Length != expectedLength || !IsLowerHex(hex))
        {
            error = $"'{text}' is not a valid {algorithm} digest: expected {expectedLength} lower-case hex digits.";
            return false;
        }

        digest = new Digest(algorithm, hex);
        error = "";
        return true;
    }

    /// <summary>The sha256 digest of <paramref name="data"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return FromSha256Hash(hash);
    }

    /// <summary>The sha256 digest of a stream, read to its end.</summary>
    public static async Task<Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return FromSha256Hash(hash);
    }

    /// <summary>A digest from a raw sha256 hash (32 bytes).</summary>
    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A sha256 hash has {SHA256.HashSizeInBytes} bytes, not {hash.Length}.", nameof(hash));
        }

        return new Digest(Sha256, Convert.ToHexStringLower(hash));
    }

    /// <summary>Starts an incremental sha256 hash; feed it with <see cref="DigestHasher.Append"/>.</summary>
    public static DigestHasher CreateHasher() => new();

    /// <summary>The short form people read: the first 12 hex digits.</summary>
    public string ToShortString() => IsEmpty ? "" : Hex[..12];

    public override string ToString() => IsEmpty ? "" : $"{Algorithm}:{Hex}";

    public int CompareTo(Digest other) => string.CompareOrdinal(ToString(), other.ToString());

    public static bool operator <(Digest left, Digest right) => left.CompareTo(right) < 0;

    public static bool operator >(Digest left, Digest right) => left.CompareTo(right) > 0;

    public static bool operator <=(Digest left, Digest right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Digest left, Digest right) => left.CompareTo(right) >= 0;

    private static bool IsLowerHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>An incremental sha256 over bytes as they stream past; dispose when done.</summary>
public sealed class DigestHasher : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>How many bytes went through.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        hash.AppendData(data);
        Length += data.Length;
    }

    /// <summary>The digest of everything appended so far (the hasher can go on).</summary>
    public Digest Current()
    {
        Span<byte> result = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetCurrentHash(result);
        return Digest.FromSha256Hash(result);
    }

    public void Dispose() => hash.Dispose();
}

/// <summary>Reads and writes a digest as its JSON string.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A digest must be a JSON string.");
        }

        try
        {
            return Digest.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
