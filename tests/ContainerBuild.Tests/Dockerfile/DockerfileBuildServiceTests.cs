using ContainerBuild.Build;
using ContainerBuild.Dockerfile;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Progress;
using ContainerBuild.Registry;

namespace ContainerBuild.Tests.Dockerfile;

/// <summary>The Dockerfile build service against the real registry: the host's steps in the event stream, proxies, failures of base images.</summary>
public sealed class DockerfileBuildServiceTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dfbuild");

    public void Dispose() => temp.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Busybox => $"{TestEnvironment.Registry}/busybox:latest";

    private string Context(string dockerfile)
    {
        var directory = temp.Combine("context");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), dockerfile);
        File.WriteAllText(Path.Combine(directory, "hello.txt"), "hello\n");
        return directory;
    }

    private DockerfileBuildRequest Request(string context, StringWriter progress, params ExportOutput[] outputs) => new()
    {
        ContextDirectory = context,
        Outputs = outputs,
        StoreRoot = temp.Combine("store"),
        Progress = ProgressMode.Plain,
        ProgressOutput = progress,
    };

    [Fact]
    public async Task The_host_steps_come_first_in_the_stream_with_BuildKits_names_and_the_result_carries_the_build_ref()
    {
        Requires.Registry();
        var context = Context($"FROM {Busybox}\nCOPY hello.txt /hello.txt\n");
        var progress = new StringWriter { NewLine = "\n" };

        var result = await new DockerfileBuildService().BuildAsync(Request(context, progress), Token);

        var text = progress.ToString();
        Assert.StartsWith(
            "#1 [internal] load build definition from Dockerfile\n#1 transferring dockerfile: ",
            text,
            StringComparison.Ordinal);
        Assert.Contains("\n#2 [internal] load .dockerignore\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n#3 [internal] load metadata for {Busybox}\n#3 DONE ", text, StringComparison.Ordinal);
        Assert.Matches("^containerbuild/default/[a-z0-9]{25}$", result.BuildRef);
        Assert.Equal(result.BuildRef, result.Metadata[BuildMetadataKeys.BuildRef]);
        Assert.Equal(result.Build.ImageDigest.ToString(), result.Metadata[BuildMetadataKeys.ImageDigest]);
        Assert.Equal(result.Metadata[BuildMetadataKeys.ConfigDigest], result.ImageId);
    }

    [Fact]
    public async Task A_base_image_that_does_not_exist_fails_its_metadata_step_with_the_registrys_answer()
    {
        Requires.Registry();
        var missing = $"{TestEnvironment.Registry}/cb-test/no-such-image:{Guid.NewGuid():N}";
        var context = Context($"FROM {missing}\n");
        var progress = new StringWriter { NewLine = "\n" };

        await Assert.ThrowsAnyAsync<RegistryException>(() => new DockerfileBuildService().BuildAsync(Request(context, progress), Token));

        Assert.Matches($@"(?m)^#3 \[internal\] load metadata for {System.Text.RegularExpressions.Regex.Escape(missing)}\n#3 ERROR: ", progress.ToString());
    }

    [Fact]
    public async Task Proxy_variables_of_the_environment_reach_RUN_steps_but_not_their_cache_key()
    {
        Requires.Registry();
        Requires.Program("runc");
        var context = Context($"FROM {Busybox}\nRUN echo \"$HTTP_PROXY $no_proxy\" > /proxy\n");
        var first = new StringWriter { NewLine = "\n" };
        var second = new StringWriter { NewLine = "\n" };
        DockerfileBuildRequest WithProxy(StringWriter progress, string proxy, string output) =>
            Request(context, progress, ExportOutputParser.Parse($"type=local,dest={temp.Combine(output)}")) with
            {
                Environment = new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy, ["no_proxy"] = "localhost" },
            };

        await new DockerfileBuildService().BuildAsync(WithProxy(first, "http://proxy-a.invalid:3128", "a"), Token);
        await new DockerfileBuildService().BuildAsync(WithProxy(second, "http://proxy-b.invalid:3128", "b"), Token);

        Assert.Equal("http://proxy-a.invalid:3128 localhost\n", File.ReadAllText(temp.Combine("a", "proxy")));
        Assert.Matches(@"(?m)^#(\d+) (\[[^\]]*\] )?RUN echo .*\n#\1 CACHED$", second.ToString());
        Assert.DoesNotContain("proxy-a", first.ToString(), StringComparison.Ordinal);
    }
}
