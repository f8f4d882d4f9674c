using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using static ContainerBuild.Engine.Tests.Export.RegistryImages;

namespace ContainerBuild.Engine.Tests.Export;

/// <summary>docker-archive and docker load outputs, checked by the real dockerd (the 20.10 client).</summary>
public sealed class DockerOutputTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-docker");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_docker_archive_of_busybox_loads_and_runs()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        using var clients = Anonymous();
        var name = $"cb-test/busybox-archive:{Unique("t")}";
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:latest", [name]);
        var archive = temp.Combine("busybox.tar");
        try
        {
            var result = (DockerArchiveResult)await new DockerArchiveExporter(archive, new DockerArchiveOptions { Platform = Platform.LinuxAmd64 }).ExportAsync(export, Token);

            Assert.Equal([name], result.RepoTags);
            var loaded = (await RunAsync(docker, "load", "-i", archive)).EnsureSuccess("docker load");
            Assert.Contains($"Loaded image: {name}", loaded.StandardOutput, StringComparison.Ordinal);
            var run = (await RunAsync(docker, "run", "--rm", "--network=none", name, "echo", "hi")).EnsureSuccess("docker run");
            Assert.Equal("hi", run.StandardOutput.Trim());
            var id = (await RunAsync(docker, "image", "inspect", "--format", "{{.Id}}", name)).EnsureSuccess("docker image inspect");
            Assert.Equal(result.ImageId.ToString(), id.StandardOutput.Trim());
        }
        finally
        {
            await RemoveDockerImageAsync(docker, name);
        }
    }

    [Fact]
    public async Task Debian_loads_straight_through_the_docker_client_and_runs()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        using var clients = Anonymous();
        var name = $"cb-test/debian-load:{Unique("t")}";
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/debian:bookworm-slim", [name], new ContentStore(temp.Combine("store")));
        try
        {
            var result = (DockerLoadResult)await new DockerLoadExporter(new DockerLoadOptions { Client = docker }).ExportAsync(export, Token);

            Assert.Contains(name, result.Loaded);
            var run = (await RunAsync(docker, "run", "--rm", "--network=none", name, "cat", "/etc/os-release")).EnsureSuccess("docker run");
            Assert.Contains("bookworm", run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveDockerImageAsync(docker, name);
        }
    }

    [Fact]
    public async Task A_docker_that_is_not_running_is_named_with_how_to_start_it()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        using var clients = Anonymous();
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:amd64", ["cb-test/never:loaded"]);
        var options = new DockerLoadOptions
        {
            Client = docker,
            Environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = $"unix://{temp.Combine("no-daemon.sock")}", ["DOCKER_CONTEXT"] = null },
        };

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => new DockerLoadExporter(options).ExportAsync(export, Token));

        Assert.Contains("is it running?", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_does_not_exist_is_a_clear_error()
    {
        var export = new ImageToExport(Descriptor.ForContent("{}"u8, MediaType.OciManifest), new MemoryBlobSource());

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() =>
            new DockerLoadExporter(new DockerLoadOptions { Client = temp.Combine("no-such-docker") }).ExportAsync(export, Token));

        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_with_a_zstd_layer_goes_into_a_docker_archive_decompressed_and_runs()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        using var clients = Anonymous();
        var pushedTo = $"{TestEnvironment.Registry}/cb-test/zstd:{Unique("t")}";
        await PushZstdImageAsync(clients, pushedTo);
        var name = $"cb-test/zstd-archive:{Unique("t")}";
        var export = await FromRegistryAsync(clients, pushedTo, [name]);
        var archive = temp.Combine("zstd.tar");
        try
        {
            await new DockerArchiveExporter(archive).ExportAsync(export, Token);

            (await RunAsync(docker, "load", "-i", archive)).EnsureSuccess("docker load");
            var run = (await RunAsync(docker, "run", "--rm", "--network=none", name, "cat", "/hello.txt")).EnsureSuccess("docker run");
            Assert.Equal("hello from zstd", run.StandardOutput.Trim());
        }
        finally
        {
            await RemoveDockerImageAsync(docker, name);
        }
    }

    /// <summary>busybox:amd64 with one more layer, written by the Layers writer with zstd, pushed as an OCI image.</summary>
    private async Task PushZstdImageAsync(RegistryClients clients, string reference)
    {
        var client = clients.Get(TestEnvironment.Registry);
        var baseManifest = ImageManifest.Parse((await client.GetManifestAsync("busybox", "amd64", Token)).Bytes.Span);
        var baseConfig = ImageConfig.Parse(await client.GetBlobBytesAsync("busybox", baseManifest.Config, Token));

        var layerFile = temp.Combine("layer.tar.zst");
        var layer = await new LayerBuilder(new LayerWriterOptions { Compression = LayerCompression.Zstd })
            .Add(new LayerFile("/hello.txt", LayerFileSource.FromBytes("hello from zstd\n"u8.ToArray())) { Mode = 0x1a4 })
            .WriteToFileAsync(layerFile, Token);
        Assert.Equal(MediaType.OciLayerZstd, layer.MediaType);

        var config = baseConfig with { RootFileSystem = new RootFileSystem { DiffIds = [.. baseConfig.RootFileSystem.DiffIds, layer.DiffId] }, History = null };
        var configBytes = config.ToJsonBytes();
        var manifest = new ImageManifest { Config = config.ToDescriptor(), Layers = [.. baseManifest.Layers, layer.ToDescriptor()] };

        var target = ImageReference.Parse(reference);
        await client.PushBlobAsync(target.Repository, BlobSource.FromFile(layerFile, layer.Digest, layer.Size), cancellationToken: Token);
        await client.PushBlobAsync(target.Repository, BlobSource.FromBytes(configBytes), cancellationToken: Token);
        foreach (var baseLayer in baseManifest.Layers)
        {
            await client.PushBlobAsync(target.Repository, new BlobSource(baseLayer.Digest, baseLayer.Size, _ => throw new InvalidOperationException("mounted")), "busybox", cancellationToken: Token);
        }

        await client.PushManifestAsync(target.Repository, target.Tag!, RegistryManifest.Create(manifest.ToJsonBytes(), MediaType.OciManifest), Token);
    }
}
