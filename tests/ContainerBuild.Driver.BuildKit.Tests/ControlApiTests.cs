namespace ContainerBuild.Driver.BuildKit.Tests;

/// <summary>The Control service of dockerd's embedded BuildKit (Docker 20.10, BuildKit v0.8), reached through /grpc on the Docker socket.</summary>
public sealed class ControlApiTests
{
    [Fact]
    public async Task ListWorkers_reports_dockerds_moby_worker_with_its_native_platform_first()
    {
        Requires.Docker();
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);

        var workers = await client.ListWorkersAsync(TestContext.Current.CancellationToken);

        var worker = Assert.Single(workers);
        Assert.Equal("moby", worker.Id);
        Assert.NotEmpty(worker.Platforms);
        Assert.Equal("linux", worker.Platforms[0].OS);
        Assert.Equal("amd64", worker.Platforms[0].Architecture);
        Assert.Null(worker.Version);
    }

    [Fact]
    public async Task DiskUsage_lists_records_with_types_sizes_and_creation_times()
    {
        Requires.Docker();
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);
        await client.SolveAsync(Conformance.MkfileOnScratch("disk usage\n"), cancellationToken: TestContext.Current.CancellationToken);

        var records = await client.DiskUsageAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(records);
        Assert.All(records, r =>
        {
            Assert.NotEmpty(r.Id);
            Assert.True(r.Size >= 0);
            Assert.NotNull(r.CreatedAt);
            Assert.NotEmpty(r.RecordType);
        });
    }

    [Fact]
    public async Task Info_on_BuildKit_v0_8_is_a_typed_error_naming_the_version_it_needs()
    {
        Requires.Docker();
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<BuildKitUnsupportedException>(() => client.InfoAsync(TestContext.Current.CancellationToken));

        Assert.Equal("/moby.buildkit.v1.Control/Info", error.Method);
        Assert.Equal("v0.11 or later", error.RequiredVersion);
        Assert.Contains("docker unix:///var/run/docker.sock", error.Message, StringComparison.Ordinal);
    }
}
