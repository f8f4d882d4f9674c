using System.Runtime.Versioning;
using ContainerBuild.Engine.Local;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Local;

[UnsupportedOSPlatform("windows")]
public sealed class ContentChecksummerTests : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempDirectory workspace = new("cb-contenthash");
    private readonly string root;
    private readonly string cache;

    public ContentChecksummerTests()
    {
        root = workspace.Combine("context");
        cache = workspace.Combine("cache");
        LocalTree.File(root, "src/Program.cs", "Console.WriteLine(1);");
        LocalTree.File(root, "src/App.csproj", "<Project />");
        LocalTree.File(root, "src/run.sh", "#!/bin/sh\n", Executable);
        LocalTree.File(root, "src/obj/build.log", "log");
        LocalTree.Symlink(root, "src/current", "Program.cs");
        LocalTree.MakeDirectory(root, "src/empty");
        LocalTree.File(root, "README.md", "# readme");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => workspace.Dispose();

    private Task<Digest> Sum(string path = "", ChecksumOptions? options = null, string? at = null) =>
        new ContentChecksummer(cache).ChecksumAsync(at ?? root, path, options, Token);

    [Fact]
    public async Task Touching_every_file_keeps_the_digest()
    {
        var before = await Sum();
        var checksummer = new ContentChecksummer(cache);
        await checksummer.ChecksumAsync(root, "", null, Token);

        LocalTree.Touch(root, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        Assert.Equal(before, await Sum());
        Assert.Equal(before, await checksummer.ChecksumAsync(root, "", null, Token));
    }

    [Fact]
    public async Task A_copy_of_the_tree_elsewhere_has_the_same_digest()
    {
        var copy = workspace.Combine("clone");
        LocalTree.Copy(root, copy);

        Assert.Equal(await Sum(), await Sum(at: copy));
        Assert.Equal(await Sum("src"), await Sum("src", at: copy));
    }

    [Fact]
    public async Task A_selected_directory_s_digest_depends_only_on_its_content_not_its_name()
    {
        LocalTree.Copy(Path.Join(root, "src"), Path.Join(root, "renamed"));

        Assert.Equal(await Sum("src"), await Sum("renamed"));
        Assert.Equal(await Sum("src"), await Sum("/src/"));
    }

    [Fact]
    public async Task A_change_outside_the_selection_leaves_its_digest_alone()
    {
        var src = await Sum("src");
        var all = await Sum();

        File.WriteAllText(Path.Join(root, "README.md"), "# changed");

        Assert.Equal(src, await Sum("src"));
        Assert.NotEqual(all, await Sum());
    }

    public static TheoryData<string> Changes => new()
    {
        "content of the same size",
        "mode",
        "symlink target",
        "added file",
        "added empty directory",
        "removed file",
        "renamed file",
        "file replaced by a directory",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Every_change_of_content_or_metadata_changes_the_digest(string change)
    {
        var checksummer = new ContentChecksummer(cache);
        var before = await checksummer.ChecksumAsync(root, "src", null, Token);
        var file = Path.Join(root, "src", "Program.cs");

        switch (change)
        {
            case "content of the same size":
                File.WriteAllText(file, "Console.WriteLine(2);");
                break;
            case "mode":
                File.SetUnixFileMode(file, Executable);
                break;
            case "symlink target":
                File.Delete(Path.Join(root, "src", "current"));
                LocalTree.Symlink(root, "src/current", "App.csproj");
                break;
            case "added file":
                LocalTree.File(root, "src/New.cs", "");
                break;
            case "added empty directory":
                LocalTree.MakeDirectory(root, "src/empty/more");
                break;
            case "removed file":
                File.Delete(Path.Join(root, "src", "App.csproj"));
                break;
            case "renamed file":
                File.Move(file, Path.Join(root, "src", "Main.cs"));
                break;
            case "file replaced by a directory":
                File.Delete(Path.Join(root, "src", "obj", "build.log"));
                LocalTree.MakeDirectory(root, "src/obj/build.log");
                break;
        }

        Assert.NotEqual(before, await checksummer.ChecksumAsync(root, "src", null, Token));
        Assert.NotEqual(before, await Sum("src"));
    }

    [Fact]
    public async Task A_same_size_rewrite_right_after_a_checksum_is_seen()
    {
        var checksummer = new ContentChecksummer(cache);
        var file = Path.Join(root, "src", "Program.cs");
        var before = await checksummer.ChecksumAsync(root, "src/Program.cs", null, Token);
        var mtime = File.GetLastWriteTimeUtc(file);

        File.WriteAllText(file, "Console.WriteLine(3);");
        File.SetLastWriteTimeUtc(file, mtime);

        Assert.NotEqual(before, await checksummer.ChecksumAsync(root, "src/Program.cs", null, Token));
    }

    [Fact]
    public async Task Exclude_patterns_keep_excluded_files_out_of_the_digest()
    {
        var options = new ChecksumOptions { ExcludePatterns = ["obj", "**/*.log"] };
        var before = await Sum("src", options);

        File.WriteAllText(Path.Join(root, "src", "obj", "build.log"), "other log");
        LocalTree.File(root, "src/more.log", "new");
        Assert.Equal(before, await Sum("src", options));

        File.WriteAllText(Path.Join(root, "src", "App.csproj"), "<Project Sdk=\"x\" />");
        Assert.NotEqual(before, await Sum("src", options));
    }

    [Fact]
    public async Task Include_patterns_count_only_what_they_include()
    {
        var options = new ChecksumOptions { IncludePatterns = ["*.cs"] };
        var before = await Sum("src", options);

        File.WriteAllText(Path.Join(root, "src", "App.csproj"), "<Project Sdk=\"x\" />");
        Assert.Equal(before, await Sum("src", options));
        Assert.NotEqual(before, await Sum("src"));

        LocalTree.File(root, "src/Other.cs", "");
        Assert.NotEqual(before, await Sum("src", options));
    }

    [Fact]
    public async Task A_selected_symlink_is_the_link_unless_followed_inside_the_root()
    {
        Assert.NotEqual(await Sum("src/Program.cs"), await Sum("src/current"));
        Assert.Equal(await Sum("src/Program.cs"), await Sum("src/current", new ChecksumOptions { FollowSymlinks = true }));
    }

    [Fact]
    public async Task Symlinks_never_lead_out_of_the_root()
    {
        var outside = workspace.Combine("outside");
        LocalTree.File(outside, "secret.txt", "s1");
        LocalTree.Symlink(root, "escape", "../outside");
        LocalTree.Symlink(root, "absolute", outside);
        var all = await Sum();

        File.WriteAllText(Path.Join(outside, "secret.txt"), "s2");

        Assert.Equal(all, await Sum());
        var follow = new ChecksumOptions { FollowSymlinks = true };
        await Assert.ThrowsAsync<LocalPathNotFoundException>(() => Sum("escape", follow));
        await Assert.ThrowsAsync<LocalPathNotFoundException>(() => Sum("escape/secret.txt"));
        await Assert.ThrowsAsync<LocalPathNotFoundException>(() => Sum("absolute/secret.txt"));

        // "../outside" from the root means "outside" in the root, as in a container.
        LocalTree.File(root, "outside/secret.txt", "inside");
        Assert.Equal(await Sum("outside/secret.txt"), await Sum("escape/secret.txt"));
    }

    [Fact]
    public async Task A_symlink_loop_is_a_typed_error()
    {
        LocalTree.Symlink(root, "loop1", "loop2");
        LocalTree.Symlink(root, "loop2", "loop1");

        await Assert.ThrowsAsync<SymlinkLoopException>(() => Sum("loop1", new ChecksumOptions { FollowSymlinks = true }));
    }

    [Fact]
    public async Task Wildcards_select_the_matching_paths_with_their_names()
    {
        var options = new ChecksumOptions { Wildcard = true };
        var before = await Sum("src/*.cs", options);

        File.WriteAllText(Path.Join(root, "src", "App.csproj"), "<Project Sdk=\"x\" />");
        Assert.Equal(before, await Sum("src/*.cs", options));

        File.Move(Path.Join(root, "src", "Program.cs"), Path.Join(root, "src", "Main.cs"));
        Assert.NotEqual(before, await Sum("src/*.cs", options));
        Assert.Equal(await Sum("src/nothing*", options), await Sum("other/nothing*", options));
    }

    [Fact]
    public async Task A_missing_path_is_a_typed_error()
    {
        var error = await Assert.ThrowsAsync<LocalPathNotFoundException>(() => Sum("src/missing.cs"));

        Assert.Equal("src/missing.cs", error.Path);
    }

    [Fact]
    public async Task The_hash_cache_persists_and_a_damaged_cache_file_only_costs_a_rehash()
    {
        // Files changed in the last seconds are never remembered (a same-tick rewrite could go unseen).
        LocalTree.Touch(root, DateTime.UtcNow.AddMinutes(-1));
        var first = await Sum();
        var files = Directory.GetFiles(Path.Join(cache, "local-checksums"));
        Assert.Single(files);

        File.WriteAllBytes(files[0], [1, 2, 3]);

        Assert.Equal(first, await Sum());
    }

    [Fact]
    public async Task Without_a_cache_directory_the_digest_is_the_same()
    {
        Assert.Equal(await Sum(), await new ContentChecksummer().ChecksumAsync(root, "/", null, Token));
    }

    [Fact]
    public async Task Concurrent_checksums_of_one_root_agree()
    {
        var checksummer = new ContentChecksummer(cache);

        var digests = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => checksummer.ChecksumAsync(root, i % 2 == 0 ? "" : "src", null, Token)));

        Assert.Single(digests.Where((_, i) => i % 2 == 0).Distinct());
        Assert.Single(digests.Where((_, i) => i % 2 == 1).Distinct());
    }
}
