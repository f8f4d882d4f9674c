using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Tests.Local;

public sealed class PatternMatcherTests
{
    [Theory]
    [InlineData("a.txt", true, "*.txt")]
    [InlineData("dir/a.txt", false, "*.txt")]
    [InlineData("Program.cs", true, "**/*.cs")]
    [InlineData("src/app/Program.cs", true, "**/*.cs")]
    [InlineData("src/app/Program.csx", false, "**/*.cs")]
    [InlineData("important.md", false, "*.md", "!important.md")]
    [InlineData("readme.md", true, "*.md", "!important.md")]
    [InlineData("bin/Debug/app.dll", true, "bin")]
    [InlineData("bin/x", true, "bin/")]
    [InlineData("src/bin/x", false, "bin")]
    [InlineData("src/bin/x", true, "**/bin")]
    [InlineData("bin", true, "**/bin")]
    [InlineData("robin", false, "**/bin")]
    [InlineData("docs/keep.md", false, "docs", "!docs/keep.md")]
    [InlineData("docs/other.md", true, "docs", "!docs/keep.md")]
    [InlineData("docs", true, "docs", "!docs/keep.md")]
    [InlineData("a/temp1", true, "*/temp*")]
    [InlineData("a/temp1/x", true, "*/temp*")]
    [InlineData("temp1", false, "*/temp*")]
    [InlineData("a/b/temp1", false, "*/temp*")]
    [InlineData("leading", true, "/leading")]
    [InlineData("leading/x.txt", true, "/leading/x.txt")]
    [InlineData("a*b", true, "a\\*b")]
    [InlineData("axb", false, "a\\*b")]
    [InlineData("a.txt", true, "?.txt")]
    [InlineData("ab.txt", false, "?.txt")]
    [InlineData("file7.log", true, "file[0-9].log")]
    [InlineData("filex.log", false, "file[0-9].log")]
    [InlineData("filex.log", true, "file[^0-9].log")]
    [InlineData("a/b/c", true, "a/**")]
    [InlineData("a", false, "a/**")]
    [InlineData("a/z", true, "a/**/z")]
    [InlineData("a/b/c/z", true, "a/**/z")]
    [InlineData("a/b/c/y", false, "a/**/z")]
    [InlineData("anything/at/all", true, "**")]
    [InlineData("x/y", true, "*")]
    [InlineData("b", true, "a/../b")]
    [InlineData("c", true, "./c")]
    [InlineData("a.txt", false, "*.txt", "!*.txt")]
    [InlineData("a.txt", true, "!*.txt", "*.txt")]
    [InlineData("axb", false, "a.b")]
    [InlineData("a+b", true, "a+b")]
    [InlineData("(x)", true, "(x)")]
    [InlineData("$x", true, "$x")]
    [InlineData("src/obj/Debug/x", true, "**/obj/**")]
    [InlineData("src/objx/a", false, "**/obj/**")]
    [InlineData("dir/sub/tmp/x", true, "dir", "!dir/sub", "dir/sub/tmp")]
    [InlineData("dir/sub/keep", false, "dir", "!dir/sub", "dir/sub/tmp")]
    [InlineData("abc/def", true, "a*")]
    [InlineData("dog", false, "[a-c]*")]
    [InlineData(".", false, "*")]
    [InlineData("x/.git/config", false, ".git")]
    [InlineData(".git/config", true, ".git")]
    [InlineData("a.txt", false, "  ", "")]
    [InlineData("a/b.txt", true, "a//b.txt")]
    [InlineData("ab\n", false, "*b")]
    public void Matches_as_docker_does(string path, bool expected, params string[] patterns)
    {
        var matcher = PatternMatcher.Create(patterns);

        Assert.Equal(expected, matcher.Matches(path));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("[abc")]
    [InlineData("abc\\")]
    [InlineData("a[]b")]
    public void A_malformed_pattern_is_rejected_with_the_pattern_named(string pattern)
    {
        var error = Assert.Throws<InvalidPatternException>(() => PatternMatcher.Create([pattern]));

        Assert.Equal(pattern, error.Pattern);
    }

    [Fact]
    public void The_walker_form_agrees_with_matching_each_path_with_its_parents()
    {
        string[] patterns = ["docs", "!docs/keep", "**/*.tmp", "!keep.tmp", "*/temp*"];
        string[] paths = ["docs", "docs/keep", "docs/keep/a.tmp", "docs/other", "keep.tmp", "x", "x/temp1", "x/temp1/y", "x/y", "x/y/z.tmp"];
        var matcher = PatternMatcher.Create(patterns);
        var states = new Dictionary<string, MatchState>();

        foreach (var path in paths)
        {
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? MatchState.Root : states[path[..slash]];
            var matched = matcher.Matches(path, parent, out var state);
            states[path] = state;

            Assert.Equal(matcher.Matches(path), matched);
        }
    }

    [Theory]
    [InlineData("src", true, "src/*.cs")]
    [InlineData("test", false, "src/*.cs")]
    [InlineData("src/deep", false, "src/*.cs")]
    [InlineData("any/where", true, "**/*.cs")]
    [InlineData("a", true, "a/**/z")]
    [InlineData("x", true, "*/temp*")]
    [InlineData("x/y", false, "*/temp*")]
    [InlineData("docs", true, "docs/keep.md")]
    [InlineData("doc", false, "docs/keep.md")]
    [InlineData("lib", true, "lib/**")]
    [InlineData("li", false, "lib/**")]
    public void A_walker_descends_only_where_a_pattern_could_match_below(string directory, bool expected, string pattern)
    {
        Assert.Equal(expected, PatternMatcher.Create([pattern]).CouldMatchBelow(directory));
    }

    [Fact]
    public void Only_exclusion_patterns_make_a_walker_look_inside_an_excluded_directory()
    {
        var matcher = PatternMatcher.Create(["docs", "!docs/keep.md"]);

        Assert.True(matcher.CouldReincludeBelow("docs"));
        Assert.False(matcher.CouldReincludeBelow("src"));
        Assert.False(PatternMatcher.Create(["docs"]).CouldReincludeBelow("docs"));
    }
}
