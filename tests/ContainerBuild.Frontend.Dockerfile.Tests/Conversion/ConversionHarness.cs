using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

/// <summary>Converts a Dockerfile against a small set of base images, on linux/amd64 unless told otherwise.</summary>
internal static class ConversionHarness
{
    public static FakeImages Images() => new FakeImages()
        .With("debian:bookworm-slim", new ContainerConfig
        {
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            Cmd = ["bash"],
        })
        .With("busybox", new ContainerConfig { Env = ["PATH=/bin"], Cmd = ["sh"] })
        .With("127.0.0.1:5000/dotnet/aspnet:10.0", new ContainerConfig
        {
            Env = ["PATH=/usr/bin:/bin", "APP_UID=1654", "ASPNETCORE_HTTP_PORTS=8080"],
            User = "1654",
            WorkingDir = "/app",
            ExposedPorts = ["8080/tcp"],
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["base"] = "aspnet" },
        });

    public static async Task<Converted> ConvertAsync(string dockerfile, Func<DockerfileConvertRequest, DockerfileConvertRequest>? change = null, FakeImages? images = null)
    {
        images ??= Images();
        var request = new DockerfileConvertRequest
        {
            Dockerfile = dockerfile,
            ImageResolver = images,
            BuildPlatform = Platform.LinuxAmd64,
            TargetPlatforms = [Platform.LinuxAmd64],
        };
        request = change?.Invoke(request) ?? request;
        var result = await DockerfileFrontend.ConvertAsync(request, TestContext.Current.CancellationToken);
        return new Converted(result, images);
    }

    public static Dictionary<string, string> Args(params (string Name, string Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
}
