using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using static ContainerBuild.Engine.Tests.Export.RegistryImages;

namespace ContainerBuild.Engine.Tests.Export;

/// <summary>OCI layout, OCI archive and root filesystem outputs, checked with umoci and skopeo.</summary>
public sealed class FileOutputTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-export");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("busybox:amd64", "amd64")]
    [InlineData("debian:bookworm-slim", "bookworm-slim")]
    public async Task An_oci_layout_is_listed_by_umoci_and_inspected_by_skopeo(string image, string tag)
    {
        Requires.Registry();
        var umoci = Requires.Program("umoci");
        var skopeo = Requires.Program("skopeo");
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/{image}", [$"example.com/copy:{tag}"]);
        var layout = temp.Combine("layout");

        var result = (OciLayoutResult)await new OciLayoutExporter(layout).ExportAsync(export, Token);

        Assert.Equal(export.Root, result.Root);
        var listed = (await RunAsync(umoci, "ls", "--layout", layout)).EnsureSuccess("umoci ls");
        Assert.Contains(tag, listed.StandardOutput.Split('\n', StringSplitOptions.TrimEntries));
        var inspected = (await RunAsync(skopeo, "inspect", $"oci:{layout}:{tag}")).EnsureSuccess("skopeo inspect");
        Assert.Contains($"\"Digest\": \"{export.Root.Digest}\"", inspected.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"Architecture\": \"amd64\"", inspected.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_export_to_the_same_layout_adds_a_name_and_keeps_the_first()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        using var clients = Anonymous();
        var layout = temp.Combine("layout");
        var busybox = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:amd64", ["example.com/a:one"]);
        var index = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:latest", ["example.com/a:two"]);

        await new OciLayoutExporter(layout).ExportAsync(busybox, Token);
        await new OciLayoutExporter(layout).ExportAsync(index, Token);

        var entries = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json"))).Manifests;
        Assert.Equal(["one", "two"], entries.Select(e => e.Annotations![OciLayout.RefNameAnnotation]));
        (await RunAsync(skopeo, "inspect", $"oci:{layout}:one")).EnsureSuccess("skopeo inspect one");
        (await RunAsync(skopeo, "inspect", $"oci:{layout}:two")).EnsureSuccess("skopeo inspect two");
    }

    [Fact]
    public async Task An_oci_archive_of_an_index_is_inspected_by_skopeo_and_is_the_same_bytes_every_time()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        using var clients = Anonymous();
        var store = new ContentStore(temp.Combine("store"));
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:latest", ["example.com/busybox:multi"], store);
        var first = temp.Combine("first.tar");
        var second = temp.Combine("second.tar");

        await new OciArchiveExporter(first).ExportAsync(export, Token);
        await new OciArchiveExporter(second).ExportAsync(export with { Blobs = new StoreBlobSource(store) }, Token);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        var inspected = (await RunAsync(skopeo, "inspect", "--raw", $"oci-archive:{first}:multi")).EnsureSuccess("skopeo inspect --raw");
        Assert.Equal(export.Root.Digest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(inspected.StandardOutput)));
        (await RunAsync(skopeo, "inspect", $"oci-archive:{first}:multi")).EnsureSuccess("skopeo inspect");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_local_directory_holds_busybox_with_its_mode()
    {
        Requires.Registry();
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:latest", []);
        var rootfs = temp.Combine("rootfs");

        var result = (LocalDirectoryResult)await new LocalDirectoryExporter(rootfs, new DockerArchiveOptions { Platform = Platform.LinuxAmd64 }).ExportAsync(export, Token);

        Assert.Equal("linux/amd64", result.Manifest.Platform?.ToString());
        var busybox = Path.Combine(rootfs, "bin", "busybox");
        Assert.True(File.Exists(busybox));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(busybox));
    }

    [Fact]
    public async Task A_local_directory_of_debian_has_its_version_file()
    {
        Requires.Registry();
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/debian:bookworm-slim", []);
        var rootfs = temp.Combine("rootfs");

        await new LocalDirectoryExporter(rootfs).ExportAsync(export, Token);

        Assert.StartsWith("12", File.ReadAllText(Path.Combine(rootfs, "etc", "debian_version")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_without_the_wanted_platform_is_a_clear_error()
    {
        Requires.Registry();
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:latest", []);

        var error = await Assert.ThrowsAsync<PlatformNotFoundException>(() =>
            new LocalDirectoryExporter(temp.Combine("rootfs"), new DockerArchiveOptions { Platform = Platform.Parse("linux/s390x") }).ExportAsync(export, Token));

        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", error.Message, StringComparison.Ordinal);
    }
}
