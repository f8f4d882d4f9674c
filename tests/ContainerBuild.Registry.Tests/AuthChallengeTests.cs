namespace ContainerBuild.Registry.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void A_bearer_challenge_gives_realm_service_scope_and_error()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(
            "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Realm);
        Assert.Equal("registry.example.com", challenge.Service);
        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Error);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_split_and_quoted_commas_and_escapes_kept()
    {
        var challenges = AuthChallenge.Parse("Basic realm=\"a, b\", Bearer realm=\"https://t/x\", service=reg, scope=\"repository:x:pull repository:y:pull\", Negotiate");

        Assert.Equal(["Basic", "Bearer", "Negotiate"], challenges.Select(c => c.Scheme));
        Assert.Equal("a, b", challenges[0].Realm);
        Assert.Equal("reg", challenges[1].Service);
        Assert.Equal("repository:x:pull repository:y:pull", challenges[1].Scope);
        Assert.Empty(challenges[2].Parameters);

        var escaped = Assert.Single(AuthChallenge.Parse("Basic realm=\"say \\\"hi\\\"\""));
        Assert.Equal("say \"hi\"", escaped.Realm);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_header_has_no_challenges(string? header) => Assert.Empty(AuthChallenge.Parse(header));

    [Fact]
    public void Parameter_names_are_case_insensitive() =>
        Assert.Equal("x", Assert.Single(AuthChallenge.Parse("bearer REALM=\"x\"")).Realm);
}
