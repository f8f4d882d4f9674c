using System.Net.Http.Headers;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using Google.Protobuf;

namespace ContainerBuild.Driver.BuildKit.Tests;

/// <summary>Graphs for the conformance tests, and what BuildKit v0.8's own Go client does differently.</summary>
internal static class Conformance
{
    public static string BusyboxAmd64 => $"{TestEnvironment.Registry}/busybox:amd64";

    public static State Busybox(ImageResolveMode mode = ImageResolveMode.Default) => State.Image(BusyboxAmd64, Oci.Platform.LinuxAmd64, mode);

    /// <summary>mkfile on scratch: needs no image, so it is the cheapest solve there is.</summary>
    public static LlbDefinition MkfileOnScratch(string text) =>
        State.Scratch().File(FileActions.Mkfile("/hello", 420, text)).Marshal(Oci.Platform.LinuxAmd64);

    /// <summary>A Definition holding one mkfile of <paramref name="path"/> (a Dockerfile frontend input).</summary>
    public static Graph.Pb.Definition FileDefinition(string path, string text) =>
        State.Scratch().File(FileActions.Mkfile(path, 420, text)).Marshal(Oci.Platform.LinuxAmd64).ToProto();

    /// <summary>
    /// The ops as BuildKit v0.8's Go client (dockerd 20.10's frontend) writes them: the same as ours,
    /// except that its FileOps carry the platform (later clients write none), which changes their
    /// digests and those of every op that reads them.
    /// </summary>
    public static IReadOnlyList<Digest> AsV08GoClientWritesThem(LlbDefinition definition, Oci.Platform platform)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var digests = new List<Digest>();
        foreach (var vertex in definition.Vertices)
        {
            var op = vertex.Op.Clone();
            if (op.OpCase == Graph.Pb.Op.OpOneofCase.File)
            {
                op.Platform = new Graph.Pb.Platform { Architecture = platform.Architecture, OS = platform.OS, Variant = platform.Variant ?? "" };
            }

            foreach (var input in op.Inputs)
            {
                input.Digest = renamed.GetValueOrDefault(input.Digest, input.Digest);
            }

            var digest = Digest.Compute(op.ToByteArray());
            renamed[vertex.Digest.ToString()] = digest.ToString();
            digests.Add(digest);
        }

        return digests;
    }

    /// <summary>The manifest digest the registry gives for a tag, as BuildKit pins it when it resolves remotely.</summary>
    public static async Task<Digest> ResolveAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{TestEnvironment.Registry}/v2/{repository}/manifests/{tag}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Digest.Parse(response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    /// <summary>The reported vertices, keyed by digest.</summary>
    public static Dictionary<Digest, BuildKitVertex> ByDigest(this BuildKitSolveResult result) => result.Vertexes.ToDictionary(v => v.Digest);

    public static void AssertSolved(BuildKitVertex vertex)
    {
        Assert.True(vertex.Error is null, $"[{vertex.Name}] {vertex.Digest} failed: {vertex.Error}");
        Assert.True(vertex.Completed is not null, $"[{vertex.Name}] {vertex.Digest} never completed");
    }
}
