using System.Runtime.Versioning;
using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Tests.Local;

[UnsupportedOSPlatform("windows")]
public sealed class LocalDirectoryWalkerTests : IDisposable
{
    private readonly TempDirectory root = new("cb-walk");

    public void Dispose() => root.Dispose();

    private List<string> Paths(LocalWalkOptions? options = null) =>
        LocalDirectoryWalker.Walk(root.Path, options).Select(e => e.Path).ToList();

    [Fact]
    public void Entries_come_depth_first_with_each_directory_s_names_in_byte_order()
    {
        LocalTree.File(root.Path, "a.txt", "1");
        LocalTree.File(root.Path, "a/b", "2");
        LocalTree.File(root.Path, "a-c", "3");
        LocalTree.File(root.Path, "B", "4");
        LocalTree.File(root.Path, ".hidden", "5");

        Assert.Equal([".hidden", "B", "a", "a/b", "a-c", "a.txt"], Paths());
    }

    [Fact]
    public void An_entry_carries_its_type_mode_size_and_link_target()
    {
        LocalTree.File(root.Path, "run.sh", "#!/bin/sh\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        LocalTree.Symlink(root.Path, "link", "run.sh");
        LocalTree.MakeDirectory(root.Path, "dir");

        var entries = LocalDirectoryWalker.Walk(root.Path).ToDictionary(e => e.Path);

        Assert.Equal(LocalEntryType.File, entries["run.sh"].Type);
        Assert.Equal(Convert.ToInt32("755", 8), entries["run.sh"].Permissions);
        Assert.Equal(10, entries["run.sh"].Size);
        Assert.Equal(LocalEntryType.Symlink, entries["link"].Type);
        Assert.Equal("run.sh", entries["link"].LinkTarget);
        Assert.Equal(LocalEntryType.Directory, entries["dir"].Type);
        using var reader = new StreamReader(entries["run.sh"].OpenRead());
        Assert.Equal("#!/bin/sh\n", reader.ReadToEnd());
    }

    [Fact]
    public async Task Owners_are_the_files_own()
    {
        LocalTree.File(root.Path, "f", "x");
        var id = await ProcessRunner.RunAsync("id", ["-u"], cancellationToken: TestContext.Current.CancellationToken);
        var uid = long.Parse(id.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(uid, LocalDirectoryWalker.Walk(root.Path).Single().Uid);
    }

    [Fact]
    public void Excluded_directories_are_left_out_unless_a_child_is_re_included()
    {
        LocalTree.File(root.Path, "docs/keep.md", "k");
        LocalTree.File(root.Path, "docs/other.md", "o");
        LocalTree.File(root.Path, "node_modules/x/index.js", "j");
        LocalTree.File(root.Path, "src/app.cs", "c");
        LocalTree.File(root.Path, "src/app.log", "l");

        var paths = Paths(new LocalWalkOptions { ExcludePatterns = ["docs", "!docs/keep.md", "node_modules", "**/*.log"] });

        Assert.Equal(["docs", "docs/keep.md", "src", "src/app.cs"], paths);
    }

    [Fact]
    public void Include_patterns_send_matches_with_their_parents_and_nothing_else()
    {
        LocalTree.File(root.Path, "src/a.cs", "a");
        LocalTree.File(root.Path, "src/deep/b.cs", "b");
        LocalTree.File(root.Path, "src/deep/b.txt", "t");
        LocalTree.File(root.Path, "top.cs", "t");
        LocalTree.MakeDirectory(root.Path, "empty");

        Assert.Equal(["src", "src/a.cs", "src/deep", "src/deep/b.cs", "top.cs"], Paths(new LocalWalkOptions { IncludePatterns = ["**/*.cs"] }));
        Assert.Equal(["src", "src/a.cs"], Paths(new LocalWalkOptions { IncludePatterns = ["src/*.cs"] }));
        Assert.Equal(["src", "src/deep", "src/deep/b.cs", "src/deep/b.txt"], Paths(new LocalWalkOptions { IncludePatterns = ["src/deep"] }));
    }

    [Fact]
    public void Include_and_exclude_apply_together()
    {
        LocalTree.File(root.Path, "src/a.cs", "a");
        LocalTree.File(root.Path, "src/gen/b.cs", "b");

        Assert.Equal(["src", "src/a.cs"], Paths(new LocalWalkOptions { IncludePatterns = ["src"], ExcludePatterns = ["src/gen"] }));
    }

    [Fact]
    public void Follow_paths_include_the_link_and_its_target_inside_the_root()
    {
        LocalTree.File(root.Path, "build/Dockerfile.real", "FROM scratch");
        LocalTree.File(root.Path, "build/other", "o");
        LocalTree.File(root.Path, "unrelated", "u");
        LocalTree.Symlink(root.Path, "Dockerfile", "build/Dockerfile.real");

        Assert.Equal(["Dockerfile", "build", "build/Dockerfile.real"], Paths(new LocalWalkOptions { FollowPaths = ["Dockerfile"] }));
    }

    [Fact]
    public void Symlinks_are_never_followed_even_out_of_the_root()
    {
        LocalTree.Symlink(root.Path, "etc", "/etc");
        LocalTree.Symlink(root.Path, "up", "../..");

        var entries = LocalDirectoryWalker.Walk(root.Path).ToList();

        Assert.Equal(["etc", "up"], entries.Select(e => e.Path));
        Assert.All(entries, e => Assert.Equal(LocalEntryType.Symlink, e.Type));
    }

    [Fact]
    public async Task Special_files_are_skipped()
    {
        LocalTree.File(root.Path, "file", "f");
        (await ProcessRunner.RunAsync("mkfifo", [root.Combine("pipe")], cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("mkfifo");

        Assert.Equal(["file"], Paths());
    }

    [Fact]
    public void A_missing_directory_is_an_error_that_names_it()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => LocalDirectoryWalker.Walk(root.Combine("missing")).ToList());

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }
}
