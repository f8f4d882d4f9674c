using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("https://user:pw@reg.example.com/v2/app/blobs/uploads/x?_state=abc&digest=sha256%3Aaa", "https://reg.example.com/v2/app/blobs/uploads/x?_state=REDACTED&digest=sha256%3Aaa")]
    [InlineData("https://s3.example.com/bucket/obj?X-Amz-Signature=secret&X-Amz-Credential=key", "https://s3.example.com/bucket/obj?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED")]
    [InlineData("http://127.0.0.1:5003/token?service=reg&scope=repository%3Aa%3Apull&access_token=tok", "http://127.0.0.1:5003/token?service=reg&scope=repository%3Aa%3Apull&access_token=REDACTED")]
    [InlineData("http://127.0.0.1:5000/v2/", "http://127.0.0.1:5000/v2/")]
    public void Urls_lose_user_info_and_secret_query_values(string url, string expected) =>
        Assert.Equal(expected, UrlRedactor.Redact(new Uri(url)));

    [Fact]
    public void A_credential_never_prints_its_secrets()
    {
        var credential = new RegistryCredential("alice", "hunter2", "id-token-xyz", "config.json");

        var text = credential.ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("id-token-xyz", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:hunter2")), text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_body_of_the_distribution_spec_is_read_and_anything_else_ignored()
    {
        var errors = RegistryErrorBody.Parse("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied","detail":{"a":1}},{"code":"UNAUTHORIZED","message":"x"}]}"""u8);

        Assert.Equal(["DENIED", "UNAUTHORIZED"], errors.Select(e => e.Code));
        Assert.Equal("""{"a":1}""", errors[0].Detail);
        Assert.Empty(RegistryErrorBody.Parse("<html>oops</html>"u8));
        Assert.Empty(RegistryErrorBody.Parse("""{"message":"no errors array"}"""u8));
        Assert.Empty(RegistryErrorBody.Parse(""u8));
    }

    [Fact]
    public void A_size_mismatch_and_a_digest_mismatch_say_which_it_is()
    {
        var digest = Digest.Compute("a"u8);

        Assert.Contains("short read", new BlobDigestMismatchException(digest, null, 10, 4, "x").Message, StringComparison.Ordinal);
        Assert.Contains("too many bytes", new BlobDigestMismatchException(digest, null, 10, 11, "x").Message, StringComparison.Ordinal);
        Assert.Contains("does not match its digest", new BlobDigestMismatchException(digest, Digest.Compute("b"u8), 1, 1, "x").Message, StringComparison.Ordinal);
    }
}
