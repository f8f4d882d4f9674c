using System.Formats.Tar;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ContainerBuild.Testing;
using static ContainerBuild.Engine.Tests.Export.RegistryImages;

namespace ContainerBuild.Engine.Tests.Export;

public sealed class FilesystemTarExporterTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Layers_are_flattened_with_whiteouts_opaque_directories_and_replaced_trees_applied()
    {
        var blobs = new MemoryBlobSource();
        var lower = await LayerAsync(blobs,
            new LayerDirectory("a"), new LayerFile("a/x", Bytes("x")), new LayerFile("a/y", Bytes("y")),
            new LayerDirectory("b"), new LayerFile("b/old", Bytes("old")),
            new LayerDirectory("d"), new LayerFile("d/inner", Bytes("inner")),
            new LayerFile("keep", Bytes("keep")) { Owner = new LayerOwner(1000, 1000), Mode = 0b111_101_000 });
        var upper = await LayerAsync(blobs,
            new LayerWhiteout("a/x"),
            new LayerOpaqueWhiteout("b"), new LayerFile("b/new", Bytes("new")),
            new LayerFile("d", Bytes("now a file")),
            new LayerSymlink("link", "keep"));
        var root = Image(blobs, lower, upper);
        var path = temp.Combine("rootfs.tar");

        var result = (FilesystemTarResult)await new FilesystemTarExporter(path).ExportAsync(new ImageToExport(root, blobs), Token);

        var entries = await ReadAsync(path);
        Assert.Equal(["a", "a/y", "b", "b/new", "d", "keep", "link"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(entries.Count, result.EntryCount);
        Assert.Equal("now a file", entries["d"].Content);
        Assert.Equal(TarEntryType.SymbolicLink, entries["link"].Type);
        Assert.Equal("keep", entries["link"].LinkName);
        Assert.Equal((1000, 1000), (entries["keep"].Uid, entries["keep"].Gid));
        Assert.Equal((UnixFileMode)0b111_101_000, entries["keep"].Mode);
    }

    [Fact]
    public async Task The_same_image_gives_the_same_tar_bytes_and_a_stream_gets_them_too()
    {
        var blobs = new MemoryBlobSource();
        var root = Image(blobs, await LayerAsync(blobs, new LayerFile("hello", Bytes("hi"))));
        var first = temp.Combine("one.tar");
        await new FilesystemTarExporter(first).ExportAsync(new ImageToExport(root, blobs), Token);
        using var stream = new MemoryStream();

        await new FilesystemTarExporter(stream).ExportAsync(new ImageToExport(root, blobs), Token);

        Assert.Equal(await File.ReadAllBytesAsync(first, Token), stream.ToArray());
    }

    [Fact]
    public async Task A_tar_of_busybox_holds_the_files_a_local_directory_export_unpacks()
    {
        Requires.Registry();
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:amd64", []);
        var rootfs = temp.Combine("rootfs");
        await new LocalDirectoryExporter(rootfs).ExportAsync(export, Token);
        var tar = temp.Combine("busybox.tar");

        await new FilesystemTarExporter(tar).ExportAsync(export, Token);

        var fromTar = (await ReadAsync(tar)).Keys.Order(StringComparer.Ordinal).ToList();
        var fromDirectory = Directory.EnumerateFileSystemEntries(rootfs, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(rootfs, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fromDirectory, fromTar);
        Assert.Contains("bin/busybox", fromTar);
    }

    [Fact]
    public void The_tar_output_parses_with_a_destination_and_needs_one()
    {
        var output = ExportOutputParser.Parse("type=tar,dest=out.tar");

        Assert.Equal(OutputType.Tar, output.Type);
        Assert.Equal("out.tar", output.Destination);
        Assert.Throws<InvalidExportAttributeException>(() => ExportOutputParser.Parse("type=tar"));
    }

    private static LayerFileSource Bytes(string text) => LayerFileSource.FromBytes(System.Text.Encoding.UTF8.GetBytes(text));

    private static async Task<(Descriptor Blob, Digest DiffId)> LayerAsync(MemoryBlobSource blobs, params LayerEntry[] entries)
    {
        using var buffer = new MemoryStream();
        var built = await new LayerBuilder().AddRange(entries).WriteAsync(buffer, Token);
        return (blobs.Add(buffer.ToArray(), built.MediaType), built.DiffId);
    }

    private static Descriptor Image(MemoryBlobSource blobs, params (Descriptor Blob, Digest DiffId)[] layers)
    {
        var config = new ImageConfig
        {
            Architecture = "amd64",
            OS = "linux",
            RootFileSystem = new RootFileSystem { DiffIds = [.. layers.Select(l => l.DiffId)] },
        };
        var configDescriptor = blobs.Add(config.ToJsonBytes(), MediaType.OciConfig);
        var manifest = new ImageManifest { MediaType = MediaType.OciManifest, Config = configDescriptor, Layers = [.. layers.Select(l => l.Blob)] };
        return blobs.Add(manifest.ToJsonBytes(), MediaType.OciManifest);
    }

    private static async Task<Dictionary<string, (TarEntryType Type, string LinkName, int Uid, int Gid, UnixFileMode Mode, string? Content)>> ReadAsync(string path)
    {
        var entries = new Dictionary<string, (TarEntryType, string, int, int, UnixFileMode, string?)>(StringComparer.Ordinal);
        await using var file = File.OpenRead(path);
        await using var reader = new TarReader(file);
        while (await reader.GetNextEntryAsync(copyData: true, Token) is { } entry)
        {
            string? content = null;
            if (entry.DataStream is { } data)
            {
                using var text = new StreamReader(data);
                content = await text.ReadToEndAsync(Token);
            }

            entries.Add(entry.Name.TrimEnd('/'), (entry.EntryType, entry.LinkName, entry.Uid, entry.Gid, entry.Mode, content));
        }

        return entries;
    }
}
