using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class CopyTests
{
    [Fact]
    public async Task Copy_from_the_context_takes_BuildKit_copy_semantics_and_the_ignore_patterns()
    {
        var converted = await ConvertAsync("FROM busybox\nCOPY src/ /app/\n", r => r with { ContextExcludes = ["**/bin", "*.md"] });

        var copy = converted.Copy;
        Assert.Equal("/src", copy.Src);
        Assert.Equal("/app/", copy.Dest);
        Assert.True(copy.DirCopyContents);
        Assert.True(copy.FollowSymlink);
        Assert.True(copy.CreateDestPath);
        Assert.True(copy.AllowWildcard);
        Assert.True(copy.AllowEmptyWildcard);
        Assert.False(copy.AttemptUnpackDockerCompatibility);
        Assert.Equal(-1, copy.Mode);
        var context = converted.OpNamed(OpNamesInternal.LoadBuildContext);
        Assert.Contains(context.Op.Source.Attrs, a => a.Key == LlbAttrs.LocalExcludePatterns && a.Value == "[\"**/bin\",\"*.md\"]");
        Assert.Contains("[2/2] COPY src/ /app/", converted.Names);
    }

    [Theory]
    [InlineData("/", "app", "/app")]
    [InlineData("/src", ".", "/src/")]
    [InlineData("/src", "./", "/src/")]
    [InlineData("/src", "out/", "/src/out/")]
    [InlineData("/src", "../x", "/x")]
    [InlineData("/src", "/abs", "/abs")]
    public async Task A_relative_destination_is_under_the_working_directory(string workdir, string destination, string expected)
    {
        var converted = await ConvertAsync($"FROM busybox\nWORKDIR {workdir}\nCOPY file {destination}\n");

        Assert.Equal(expected, converted.Copy.Dest);
    }

    [Fact]
    public async Task Chown_and_chmod_set_owner_and_mode()
    {
        const string dockerfile = """
            FROM busybox
            ARG UID=1000
            COPY --chown=app:$UID --chmod=0755 run.sh /run.sh
            COPY --chown=0 a /a
            COPY --chmod=u+x,go-w b /b
            """;

        var converted = await ConvertAsync(dockerfile);

        var first = converted.Copies[0];
        Assert.Equal("app", first.Owner.User.ByName.Name);
        Assert.Equal(1000u, first.Owner.Group.ByID);
        Assert.Equal(0x1ed, first.Mode);
        Assert.Equal(0u, converted.Copies[1].Owner.User.ByID);
        Assert.Null(converted.Copies[1].Owner.Group);
        Assert.Equal(-1, converted.Copies[2].Mode);
        Assert.Equal("u+x,go-w", converted.Copies[2].ModeStr);
    }

    [Fact]
    public async Task An_invalid_chmod_is_an_error_on_its_line()
    {
        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\n\nCOPY --chmod=rwx a /a\n"));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task Excludes_and_parents_become_copy_patterns()
    {
        const string dockerfile = """
            FROM busybox
            COPY --exclude=*.tmp --exclude=**/obj src /src
            COPY --parents ./a/./b/c.txt x/*.json /dest/
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["*.tmp", "**/obj"], converted.Copies[0].ExcludePatterns);
        Assert.Equal("/a", converted.Copies[1].Src);
        Assert.Equal(["b/c.txt"], converted.Copies[1].IncludePatterns);
        Assert.Equal("/", converted.Copies[2].Src);
        Assert.Equal(["x/*.json"], converted.Copies[2].IncludePatterns);
    }

    [Fact]
    public async Task A_heredoc_source_is_written_on_scratch_and_copied()
    {
        const string dockerfile = "FROM busybox\nENV NAME=world\nCOPY <<EOF /greeting\nhello $NAME\nEOF\nCOPY <<'RAW' /raw\n$NAME\nRAW\n";

        var converted = await ConvertAsync(dockerfile);

        var files = converted.FileActions.Where(a => a.Mkfile is not null).Select(a => a.Mkfile).ToDictionary(m => m.Path);
        Assert.Equal("hello world\n", files["/EOF"].Data.ToStringUtf8());
        Assert.Equal("$NAME\n", files["/RAW"].Data.ToStringUtf8());
        Assert.Equal(0x1a4, files["/EOF"].Mode);
        Assert.Contains(converted.Copies, c => c.Src == "/EOF" && c.Dest == "/greeting");
    }

    [Fact]
    public async Task Link_copies_onto_scratch_and_merges()
    {
        var converted = await ConvertAsync("FROM busybox\nCOPY --link app /app\n");

        var merge = converted.OpNamed("[2/2] LINK COPY --link app /app");
        Assert.NotNull(merge.Op.Merge);
        Assert.Equal(2, merge.Op.Merge.Inputs.Count);
        var copy = converted.OpNamed("[2/2] COPY --link app /app");
        Assert.Equal(-1, copy.Op.File.Actions[0].Input);
        Assert.Equal(converted.MetadataOf(merge).ProgressGroup.Id, converted.MetadataOf(copy).ProgressGroup.Id);
    }

    [Fact]
    public async Task Add_unpacks_local_archives_unless_told_not_to()
    {
        var converted = await ConvertAsync("FROM busybox\nADD app.tar.gz /opt/\nADD --unpack=false keep.tar.gz /opt/\n");

        Assert.True(converted.Copies[0].AttemptUnpackDockerCompatibility);
        Assert.False(converted.Copies[1].AttemptUnpackDockerCompatibility);
    }

    [Fact]
    public async Task Add_of_a_url_downloads_through_an_http_source_with_its_checksum()
    {
        const string checksum = "sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d";
        var converted = await ConvertAsync($"FROM busybox\nADD --checksum={checksum} https://example.com/files/tool.tar.gz /opt/\nADD https://example.com/ /opt/index\n");

        var download = converted.Ops.Single(o => o.Op.Source?.Identifier == "https://example.com/files/tool.tar.gz").Op.Source;
        Assert.Contains(download.Attrs, a => a.Key == LlbAttrs.HttpChecksum && a.Value == checksum);
        Assert.Contains(download.Attrs, a => a.Key == LlbAttrs.HttpFilename && a.Value == "tool.tar.gz");
        Assert.Equal("/tool.tar.gz", converted.Copies[0].Src);
        Assert.False(converted.Copies[0].AttemptUnpackDockerCompatibility);
        Assert.Equal("/__unnamed__", converted.Copies[1].Src);
        Assert.Null(converted.Ops.Single(o => o.Op.Source?.Identifier == "https://example.com/files/tool.tar.gz").Op.Platform);
    }

    [Fact]
    public async Task Copy_of_a_url_and_a_checksum_on_a_local_source_are_errors()
    {
        await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\nCOPY https://example.com/a /a\n"));
        await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d a /a\n"));
    }
}
