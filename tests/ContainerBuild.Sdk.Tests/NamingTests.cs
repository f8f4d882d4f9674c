using ContainerBuild.Tasks.Naming;

namespace ContainerBuild.Sdk.Tests;

/// <summary>Repository names and tags as the distribution grammar has them.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("MyApp", "myapp")]
    [InlineData("Team/My App", "team/my-app")]
    [InlineData("app@v2!", "app-v2-")]
    [InlineData("samples/webapi", "samples/webapi")]
    public void Normalisation_lowers_and_replaces(string name, string expected) =>
        Assert.Equal(expected, RepositoryName.Normalize(name));

    [Theory]
    [InlineData("app")]
    [InlineData("team/my-app")]
    [InlineData("a.b_c__d--e/f")]
    [InlineData("127/0")]
    public void Valid_repositories(string name) => Assert.True(RepositoryName.IsValid(name, out var problem), problem);

    [Theory]
    [InlineData("")]
    [InlineData("-app")]
    [InlineData("app-")]
    [InlineData("team//app")]
    [InlineData("/app")]
    [InlineData("a___b")]
    [InlineData("a._b")]
    [InlineData("Upper")]
    public void Invalid_repositories(string name) => Assert.False(RepositoryName.IsValid(name, out _));

    [Fact]
    public void A_repository_longer_than_255_characters_is_invalid() =>
        Assert.False(RepositoryName.IsValid(new string('a', 256), out _));

    [Theory]
    [InlineData("latest", true)]
    [InlineData("1.2.3-rc.1", true)]
    [InlineData("_private", true)]
    [InlineData("-dash", false)]
    [InlineData(".dot", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    public void Tags(string tag, bool valid) => Assert.Equal(valid, ImageTag.IsValid(tag));

    [Fact]
    public void A_tag_is_at_most_128_characters()
    {
        Assert.True(ImageTag.IsValid(new string('a', 128)));
        Assert.False(ImageTag.IsValid(new string('a', 129)));
    }
}
