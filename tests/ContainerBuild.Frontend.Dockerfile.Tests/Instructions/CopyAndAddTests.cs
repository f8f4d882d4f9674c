using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class CopyAndAddTests
{
    [Fact]
    public void Copy_reads_every_flag()
    {
        var copy = Single<CopyInstruction>("COPY --from=build --chown=app:app --chmod=755 --link --exclude=*.md --exclude=**/*.txt --parents src/ lib/ /app/");

        Assert.Equal("build", copy.From);
        Assert.Equal("app:app", copy.Chown);
        Assert.Equal("755", copy.Chmod);
        Assert.True(copy.Link);
        Assert.Equal(["*.md", "**/*.txt"], copy.Excludes);
        Assert.True(copy.Parents);
        Assert.Equal(["src/", "lib/"], copy.Sources);
        Assert.Equal("/app/", copy.Destination);
        Assert.Empty(copy.SourceHeredocs);
    }

    [Fact]
    public void Copy_without_flags_has_their_defaults()
    {
        var copy = Single<CopyInstruction>("COPY . .");

        Assert.Null(copy.From);
        Assert.Null(copy.Chown);
        Assert.Null(copy.Chmod);
        Assert.False(copy.Link);
        Assert.False(copy.Parents);
        Assert.Empty(copy.Excludes);
        Assert.Equal(["."], copy.Sources);
        Assert.Equal(".", copy.Destination);
    }

    [Theory]
    [InlineData("COPY --link=false a b", false)]
    [InlineData("COPY --link=TRUE a b", true)]
    [InlineData("COPY --link=true a b", true)]
    public void Bool_flags_take_true_or_false(string body, bool link)
    {
        Assert.Equal(link, Single<CopyInstruction>(body).Link);
    }

    [Theory]
    [InlineData("COPY [\"a b\", \"c\", \"/d e/\"]", new[] { "a b", "c" }, "/d e/")]
    [InlineData("COPY a b c /d/", new[] { "a", "b", "c" }, "/d/")]
    [InlineData("COPY   a\t b  ", new[] { "a" }, "b")]
    [InlineData("COPY $SRC ${DEST:-/app}", new[] { "$SRC" }, "${DEST:-/app}")]
    [InlineData("COPY \"a b\" c", new[] { "\"a", "b\"" }, "c")]
    public void Copy_sources_and_destination_are_raw_words(string body, string[] sources, string destination)
    {
        var copy = Single<CopyInstruction>(body);

        Assert.Equal(sources, copy.Sources);
        Assert.Equal(destination, copy.Destination);
    }

    [Fact]
    public void Copy_with_a_quoted_from_flag_keeps_its_spaces()
    {
        Assert.Equal("my stage", Single<CopyInstruction>("COPY --from=\"my stage\" a b").From);
    }

    [Fact]
    public void Add_reads_its_flags()
    {
        var add = Single<AddInstruction>("ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --chown=1:2 --chmod=600 --link --keep-git-dir=true --unpack=false --exclude=a https://example.com/x.tar.gz /opt/");

        Assert.Equal("sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d", add.Checksum);
        Assert.Equal("1:2", add.Chown);
        Assert.Equal("600", add.Chmod);
        Assert.True(add.Link);
        Assert.True(add.KeepGitDir);
        Assert.False(add.Unpack);
        Assert.Equal(["a"], add.Excludes);
        Assert.Equal(["https://example.com/x.tar.gz"], add.Sources);
        Assert.Equal("/opt/", add.Destination);
    }

    [Fact]
    public void Add_without_flags_leaves_the_optional_ones_unset()
    {
        var add = Single<AddInstruction>("ADD app.tar.gz /app/");

        Assert.Null(add.KeepGitDir);
        Assert.Null(add.Unpack);
        Assert.Null(add.Checksum);
    }

    [Theory]
    [InlineData("COPY a", "COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("COPY", "COPY requires at least two arguments")]
    [InlineData("ADD a", "ADD requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("COPY [\"a\"]", "COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("COPY --chwn=1 a b", "unknown flag: chwn (did you mean chown?)")]
    [InlineData("COPY --link --link a b", "duplicate flag specified: link")]
    [InlineData("COPY --from=a --from=b a b", "duplicate flag specified: from")]
    [InlineData("COPY --from a b", "missing a value on flag: from")]
    [InlineData("COPY --link= a b", "missing a value on flag: link")]
    [InlineData("COPY --link=maybe a b", "expecting boolean value for flag link, not: maybe")]
    [InlineData("ADD --from=x a b", "unknown flag: from")]
    [InlineData("COPY --checksum=sha256:x a b", "unknown flag: checksum")]
    [InlineData("COPY <<EOF\nx\nEOF", "COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    public void A_bad_copy_or_add_says_what_is_wrong(string body, string reason)
    {
        var error = Error("FROM scratch\n" + body);

        Assert.Equal(reason, error.Reason);
        Assert.Equal(2, error.Line);
    }
}
