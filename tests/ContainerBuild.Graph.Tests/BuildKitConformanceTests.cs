using ContainerBuild.Oci;
using Platform = ContainerBuild.Oci.Platform;

namespace ContainerBuild.Graph.Tests;

/// <summary>
/// Vertex digests that BuildKit's own Go client produced: dockerd 20.10's embedded BuildKit (v0.8)
/// ran the Dockerfile <c>FROM 127.0.0.1:5000/busybox:amd64</c> / <c>RUN echo hi &gt; /x</c>
/// (POST /build?version=2&amp;platform=linux/amd64) and reported these digests in its
/// <c>moby.buildkit.trace</c> status stream. Our graph must marshal the same ops to the same bytes.
/// </summary>
public sealed class BuildKitConformanceTests
{
    private static readonly State Busybox = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);

    [Fact]
    public void The_image_source_digest_is_the_one_the_Dockerfile_frontend_produced()
    {
        var definition = Busybox.Marshal();

        Assert.Equal("sha256:88742743a49f7abae2e39d5cfcfe4717fa2ad2c7cf1e76cc591d401c4039ce96", definition.Vertices[0].Digest.ToString());
    }

    [Fact]
    public void The_run_digest_is_the_one_the_Dockerfile_frontend_produced()
    {
        var state = Busybox
            .WithEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") // the image config's env
            .WithWorkingDir("/")
            .Run(new RunOptions { Args = ["/bin/sh", "-c", "echo hi > /x"] })
            .Root;

        var definition = state.Marshal();

        Assert.Equal("sha256:1ec85d6b5e3e652ad0105eb8aacc1fc06c9d74d039ba1de8bec7951676fe45e7", definition.Vertices[^1].Digest.ToString());
    }
}
