using ContainerBuild.Frontend.Dockerfile.Expansion;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Expansion;

public sealed class ShellWordExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["PWD"] = "/home",
        ["SHELL"] = "bash",
        ["KOREAN"] = "한국어",
        ["NULL"] = "",
        ["SPACED"] = "x  y",
        ["FILE"] = "archive.tar.gz",
        ["PATHS"] = "/a/b/c",
    };

    private static string? Lookup(string name) => Environment.GetValueOrDefault(name);

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("he'll'o", "hello")]
    [InlineData("he\\'llo", "he'llo")]
    [InlineData("abc\\\\def", "abc\\def")]
    [InlineData("\"hello\"", "hello")]
    [InlineData("\"hel'lo\"", "hel'lo")]
    [InlineData("\"hel\\\"lo\"", "hel\"lo")]
    [InlineData("'hel\\\"lo'", "hel\\\"lo")]
    [InlineData("\"a\\zb\"", "a\\zb")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("a\\zb", "azb")]
    [InlineData("foo\\", "foo")]
    [InlineData("hello world", "hello world")]
    [InlineData("$PWD", "/home")]
    [InlineData("\"$PWD\"", "/home")]
    [InlineData("'$PWD'", "$PWD")]
    [InlineData("\\$PWD", "$PWD")]
    [InlineData("\"\\$PWD\"", "$PWD")]
    [InlineData("${PWD}", "/home")]
    [InlineData("${PWD}/bin", "/home/bin")]
    [InlineData("$PWD$SHELL", "/homebash")]
    [InlineData("$PWD-$SHELL", "/home-bash")]
    [InlineData("${KOREAN}", "한국어")]
    [InlineData("$UNSET", "")]
    [InlineData("x${UNSET}y", "xy")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("$.", "$.")]
    [InlineData("$1", "")]
    [InlineData("$12x", "x")]
    [InlineData("$@", "")]
    [InlineData("${PWD:-x}", "/home")]
    [InlineData("${UNSET:-x}", "x")]
    [InlineData("${NULL:-x}", "x")]
    [InlineData("${NULL-x}", "")]
    [InlineData("${UNSET-x}", "x")]
    [InlineData("${UNSET:-}", "")]
    [InlineData("${PWD:+x}", "x")]
    [InlineData("${UNSET:+x}", "")]
    [InlineData("${NULL:+x}", "")]
    [InlineData("${NULL+x}", "x")]
    [InlineData("${PWD+x}", "x")]
    [InlineData("${NULL?}", "")]
    [InlineData("${PWD:?}", "/home")]
    [InlineData("${UNSET:-${SHELL}}", "bash")]
    [InlineData("${UNSET:-${UNSET2:-deep}}", "deep")]
    [InlineData("${UNSET:-\"a b\"}", "a b")]
    [InlineData("${UNSET:-'$PWD'}", "$PWD")]
    [InlineData("${UNSET:-$PWD/x}", "/home/x")]
    [InlineData("${PWD:-a}${SHELL:+b}", "/homeb")]
    [InlineData("${PWD#/}", "home")]
    [InlineData("${PATHS#*/}", "a/b/c")]
    [InlineData("${PATHS##*/}", "c")]
    [InlineData("${PATHS%/*}", "/a/b")]
    [InlineData("${PATHS%%/b*}", "/a")]
    [InlineData("${FILE%.*}", "archive.tar")]
    [InlineData("${FILE%%.*}", "archive")]
    [InlineData("${FILE#*.}", "tar.gz")]
    [InlineData("${FILE##*.}", "gz")]
    [InlineData("${FILE#nomatch}", "archive.tar.gz")]
    [InlineData("${FILE%?z}", "archive.tar.")]
    [InlineData("${FILE#[a-c]}", "rchive.tar.gz")]
    [InlineData("${FILE#[!a]}", "archive.tar.gz")]
    [InlineData("${FILE%\\.gz}", "archive.tar")]
    [InlineData("${UNSET#x}", "")]
    [InlineData("${FILE/tar/zip}", "archive.zip.gz")]
    [InlineData("${FILE//a/_}", "_rchive.t_r.gz")]
    [InlineData("${FILE/a*./x}", "xgz")]
    [InlineData("${FILE/#/p}", "archive.tar.gz")]
    public void A_word_expands_as_buildkit_expands_it(string word, string expected)
    {
        Assert.Equal(expected, ShellWordExpander.Default.ProcessWord(word, Lookup));
    }

    [Theory]
    [InlineData("he'llo", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("he\\\\'llo", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("\"hello", "unexpected end of statement while looking for matching double-quote")]
    [InlineData("\"hello\\\"", "unexpected end of statement while looking for matching double-quote")]
    [InlineData("${", "syntax error: missing '}'")]
    [InlineData("${PWD", "syntax error: missing '}'")]
    [InlineData("${PWD:-x", "syntax error: missing '}'")]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("${:-x}", "syntax error: bad substitution")]
    [InlineData("${{PWD}}", "syntax error: bad substitution")]
    [InlineData("${PWD:x}", "unsupported modifier (:x) in substitution")]
    [InlineData("${PWD:#x}", "unsupported modifier (:#) in substitution")]
    [InlineData("${PWD^}", "unsupported modifier (^) in substitution")]
    [InlineData("${UNSET:?}", "UNSET: is not allowed to be unset")]
    [InlineData("${UNSET?}", "UNSET: is not allowed to be unset")]
    [InlineData("${NULL:?}", "NULL: is not allowed to be empty")]
    [InlineData("${UNSET:?set it with --build-arg}", "UNSET: set it with --build-arg")]
    [InlineData("${PWD/x", "syntax error: missing '/' in ${}")]
    [InlineData("${PWD/x/y", "syntax error: missing '}'")]
    public void A_bad_word_is_an_error_that_says_what_is_wrong(string word, string reason)
    {
        var error = Assert.Throws<ShellExpansionException>(() => ShellWordExpander.Default.ProcessWord(word, Lookup));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(word, error.Word);
        Assert.Equal($"failed to process \"{word}\": {reason}", error.Message);
    }

    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("  leading and trailing  ", new[] { "leading", "and", "trailing" })]
    [InlineData("\"a b\" c", new[] { "a b", "c" })]
    [InlineData("'a  b'c d", new[] { "a  bc", "d" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("$SPACED", new[] { "x", "y" })]
    [InlineData("\"$SPACED\"", new[] { "x  y" })]
    [InlineData("pre$SPACED", new[] { "prex", "y" })]
    [InlineData("''", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("$UNSET a", new[] { "a" })]
    [InlineData("8080/tcp $UNSET 443", new[] { "8080/tcp", "443" })]
    public void Words_split_on_unquoted_whitespace_including_expanded_values(string text, string[] expected)
    {
        Assert.Equal(expected, ShellWordExpander.Default.ProcessWords(text, Lookup));
    }

    [Theory]
    [InlineData("c:\\path\\to", "c:\\path\\to")]
    [InlineData("a`$PWD", "a$PWD")]
    [InlineData("\"a`\"b\"", "a\"b")]
    [InlineData("$PWD`\\x", "/home\\x")]
    public void The_backtick_escape_token_leaves_backslashes_literal(string word, string expected)
    {
        Assert.Equal(expected, new ShellWordExpander('`').ProcessWord(word, Lookup));
    }

    [Fact]
    public void The_expansion_reports_which_variables_were_found_and_which_were_not()
    {
        var result = ShellWordExpander.Default.Process("$PWD ${UNSET:-x} ${NULL}", Lookup);

        Assert.Equal(["NULL", "PWD"], result.Matched.Order(StringComparer.Ordinal));
        Assert.Equal(["UNSET"], result.Unmatched);
        Assert.Equal("/home x ", result.Word);
    }

    [Theory]
    [InlineData("$UNSET", "$UNSET")]
    [InlineData("${UNSET}", "${UNSET}")]
    [InlineData("${UNSET:-x}", "${UNSET:-x}")]
    [InlineData("$PWD/$UNSET", "/home/$UNSET")]
    public void Unset_variables_can_be_left_as_written(string word, string expected)
    {
        var expander = new ShellWordExpander { SkipUnsetVariables = true };

        Assert.Equal(expected, expander.ProcessWord(word, Lookup));
    }

    [Theory]
    [InlineData("\"EOF\"", "\"EOF\"")]
    [InlineData("'a'\"b\"", "'a'\"b\"")]
    [InlineData("a\\ b", "a\\ b")]
    public void Raw_quotes_and_escapes_stay_in_the_result(string word, string expected)
    {
        var expander = new ShellWordExpander { RawQuotes = true, RawEscapes = true };

        Assert.Equal(expected, expander.ProcessWord(word, Lookup));
    }

    [Fact]
    public void Deeply_nested_defaults_fail_instead_of_exhausting_the_stack()
    {
        var word = string.Concat(Enumerable.Repeat("${U:-", 5000)) + "x" + new string('}', 5000);

        var error = Assert.Throws<ShellExpansionException>(() => ShellWordExpander.Default.ProcessWord(word, Lookup));

        Assert.Contains("nested", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_backslash_and_backtick_are_escape_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShellWordExpander('/'));
    }
}
