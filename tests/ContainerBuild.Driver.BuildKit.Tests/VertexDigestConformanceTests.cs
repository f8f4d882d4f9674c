using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit.Tests;

/// <summary>
/// Our marshaller's vertex digests against a real BuildKit: dockerd 20.10's embedded v0.8, solved
/// with no session and no exporter. BuildKit names each vertex by the digest of the op bytes it
/// loaded, and its Dockerfile frontend marshals ops with Go's deterministic encoder, so the second
/// kind of test compares our bytes with Go's.
/// </summary>
public sealed class VertexDigestConformanceTests
{
    public static TheoryData<string> Graphs => ["image", "file chain on an image", "copy from an image onto scratch", "owners modes and timestamps"];

    private static LlbDefinition Build(string name)
    {
        var busybox = Conformance.Busybox();
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var state = name switch
        {
            "image" => busybox,
            "file chain on an image" => busybox
                .File(FileActions.Mkdir("/app", 493, new MkdirOptions { MakeParents = true })
                    .Mkfile("/app/hello", 420, "hi\n")
                    .Copy(busybox, "/bin/busybox", "/app/bb", new CopyOptions { FollowSymlinks = true, CreateDestPath = true }))
                .File(FileActions.Rm("/app/hello").Mkdir("/app/empty", 448)),
            "copy from an image onto scratch" => State.Scratch()
                .File(FileActions.Copy(busybox, "/bin/", "/out/", new CopyOptions { CopyDirectoryContentsOnly = true, AllowWildcard = true, CreateDestPath = true })),
            "owners modes and timestamps" => busybox
                .File(FileActions.Mkdir("/data", 511, new MkdirOptions { Owner = FileOwner.FromIds(0, 0), Timestamp = epoch })
                    .Mkfile("/data/f", 384, "x", new MkfileOptions { Owner = FileOwner.FromIds(1000, 1000), Timestamp = epoch })
                    .Copy(busybox, "/etc/passwd", "/data/passwd", new CopyOptions { Owner = FileOwner.Parse("daemon:daemon"), Mode = 256, Timestamp = epoch })),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        return state.Marshal(Oci.Platform.LinuxAmd64);
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task BuildKit_solves_our_definition_and_reports_exactly_our_vertex_digests(string graph)
    {
        Requires.Docker();
        Requires.Registry();
        var definition = Build(graph);
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);

        var result = await client.SolveAsync(definition, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            definition.Vertices.Select(v => v.Digest).Order(),
            result.Vertexes.Select(v => v.Digest).Order());
        Assert.All(result.Vertexes, Conformance.AssertSolved);
        foreach (var vertex in definition.Vertices)
        {
            Assert.Equal(vertex.Inputs.Select(i => i.Digest).Distinct().Order(), result.ByDigest()[vertex.Digest].Inputs.Order());
        }
    }

    [Fact]
    public async Task The_status_stream_names_vertices_by_our_custom_names_and_reports_cache_hits()
    {
        Requires.Docker();
        var text = $"conformance {Guid.NewGuid():N}\n";
        var definition = State.Scratch().File(FileActions.Mkfile("/hello", 420, text)).WithCustomName("write the greeting").Marshal(Oci.Platform.LinuxAmd64);
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);
        var updates = new List<BuildKitStatus>();

        var first = await client.SolveAsync(definition, progress: new Collector(updates), cancellationToken: TestContext.Current.CancellationToken);
        var second = await client.SolveAsync(definition, cancellationToken: TestContext.Current.CancellationToken);

        var digest = Assert.Single(definition.Vertices).Digest;
        var cold = Assert.Single(first.Vertexes);
        Assert.Equal((digest, "write the greeting", false), (cold.Digest, cold.Name, cold.Cached));
        Assert.NotNull(cold.Started);
        Assert.Contains(updates, u => u.Vertexes.Any(v => v.Digest == digest && v.Completed is not null));
        var warm = Assert.Single(second.Vertexes);
        Assert.Equal((digest, true), (warm.Digest, warm.Cached));
        Assert.NotEqual(first.Reference, second.Reference);
    }

    [Fact]
    public async Task A_failing_op_is_a_solve_error_that_names_the_vertex_by_our_digest()
    {
        Requires.Docker();
        Requires.Registry();
        var definition = Conformance.Busybox()
            .File(FileActions.Copy(Conformance.Busybox(), "/does/not/exist", "/x"))
            .WithCustomName("copy a missing file")
            .Marshal(Oci.Platform.LinuxAmd64);
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<BuildKitSolveException>(() => client.SolveAsync(definition, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(definition.Vertices[^1].Digest, error.FailedDigest);
        Assert.Equal("copy a missing file", error.FailedVertex!.Name);
        Assert.Contains("/does/not/exist", error.Error, StringComparison.Ordinal);
        Assert.NotNull(error.Reference);
    }

    [Fact]
    public async Task The_Dockerfile_frontends_Go_marshalled_ops_have_our_digests_for_the_same_graph()
    {
        Requires.Docker();
        Requires.Registry();
        var ct = TestContext.Current.CancellationToken;
        var pinned = await Conformance.ResolveAsync("busybox", "amd64", ct);
        var dockerfile = $"FROM {Conformance.BusyboxAmd64}\nWORKDIR /app\nCOPY --from={Conformance.BusyboxAmd64} /bin/busybox /app/bb\n";
        var input = Conformance.FileDefinition("/Dockerfile", dockerfile);
        using var connection = BuildKitConnection.ForDockerSocket();
        var client = new BuildKitClient(connection);

        // image-resolve-mode=pull: the frontend resolves at the registry and pins the digest, whatever dockerd has locally.
        var result = await client.SolveAsync((Graph.Pb.Definition?)null, new BuildKitSolveOptions
        {
            Frontend = "dockerfile.v0",
            FrontendAttributes = new Dictionary<string, string> { ["image-resolve-mode"] = "pull" },
            FrontendInputs = new Dictionary<string, Graph.Pb.Definition> { ["dockerfile"] = input, ["context"] = input },
        }, cancellationToken: ct);

        // The same graph through our State API: what the v0.8 Dockerfile frontend makes of those three lines.
        // It pins FROM's image by digest; COPY --from's implicit stage is never resolved, so that image stays a tag.
        var image = State.Image($"{Conformance.BusyboxAmd64}@{pinned}", Oci.Platform.LinuxAmd64, ImageResolveMode.ForcePull);
        var copySource = State.Image(Conformance.BusyboxAmd64, Oci.Platform.LinuxAmd64, ImageResolveMode.ForcePull);
        var ours = image
            .File(FileActions.Mkdir("/app", 493, new MkdirOptions { MakeParents = true }))
            .File(FileActions.Copy(copySource, "/bin/busybox", "/app/bb", new CopyOptions
            {
                FollowSymlinks = true,
                CopyDirectoryContentsOnly = true,
                CreateDestPath = true,
                AllowWildcard = true,
                AllowEmptyWildcard = true,
            }))
            .Marshal(Oci.Platform.LinuxAmd64);

        var reported = result.ByDigest();
        var all = string.Join(", ", result.Vertexes.Select(v => $"{v.Digest} [{v.Name}]"));
        var sources = ours.Vertices.Where(v => v.Op.Source is not null).Select(v => v.Digest).ToList();
        Assert.Equal(2, sources.Count);
        Assert.All(sources, d => Assert.True(reported.TryGetValue(d, out var v) && v.Name.Contains("FROM ", StringComparison.Ordinal), $"BuildKit did not report our image source {d}; it reported {all}"));

        // Our file ops carry no platform, as current Go clients write them; v0.8's client wrote one.
        var expected = Conformance.AsV08GoClientWritesThem(ours, Oci.Platform.LinuxAmd64);
        Assert.Equal(4, expected.Count);
        Assert.All(expected, d => Assert.True(reported.ContainsKey(d), $"BuildKit did not report {d}; it reported {all}"));
        Assert.Contains(expected, d => reported[d].Name.EndsWith("WORKDIR /app", StringComparison.Ordinal));
        Assert.Contains(expected, d => reported[d].Name.Contains("COPY --from=", StringComparison.Ordinal));
        Assert.All(expected, d => Conformance.AssertSolved(reported[d]));
    }

    private sealed class Collector(List<BuildKitStatus> updates) : IProgress<BuildKitStatus>
    {
        public void Report(BuildKitStatus value)
        {
            lock (updates)
            {
                updates.Add(value);
            }
        }
    }
}
