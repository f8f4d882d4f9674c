using System.Text.Json;
using ContainerBuild.Build;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.Build;

/// <summary>Copy-only builds of a small local tree onto the test registry's images, as requests to the build service.</summary>
internal static class CopyBuilds
{
    public static readonly DateTimeOffset SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public const string CopyName = "[2/2] COPY . /app/";

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string Base(string nameAndTag) => $"{TestEnvironment.Registry}/{nameAndTag}";

    /// <summary>A fresh repository name on the anonymous registry.</summary>
    public static string NewRepository(string prefix) => $"{TestEnvironment.Registry}/{prefix}-{Guid.NewGuid():N}"[..^20];

    /// <summary>A context folder with <c>hello.txt</c> and <paramref name="extraFiles"/> files of <paramref name="extraSize"/> bytes each.</summary>
    public static string WriteContext(string directory, string hello = "hello from the build\n", int extraFiles = 3, int extraSize = 1024)
    {
        Directory.CreateDirectory(Path.Combine(directory, "sub"));
        File.WriteAllText(Path.Combine(directory, "hello.txt"), hello);
        var bytes = new byte[extraSize];
        for (var i = 0; i < extraFiles; i++)
        {
            new Random(i).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(directory, "sub", $"file{i}.bin"), bytes);
        }

        return directory;
    }

    /// <summary><c>FROM base; WORKDIR /app; COPY . /app/</c> with metadata; the entrypoint only when asked (busybox must run <c>cat</c>).</summary>
    public static State CopyApp(string baseImage, bool withEntrypoint = true)
    {
        var copy = FileActions.Copy(State.Local("context"), "/", "/app/", new CopyOptions
        {
            CopyDirectoryContentsOnly = true,
            CreateDestPath = true,
            AllowWildcard = true,
            AllowEmptyWildcard = true,
            FollowSymlinks = true,
        });
        var state = State.Image(baseImage, Platform.LinuxAmd64).WithCustomName($"[1/2] FROM {baseImage}")
            .File(copy).WithCustomName(CopyName)
            .WithEnv("GREETING", "hello")
            .WithWorkingDir("/app")
            .WithLabel("org.opencontainers.image.title", "copy-test")
            .WithExposedPort("8080");
        return withEntrypoint ? state.WithUser("1654").WithEntrypoint("dotnet", "app.dll") : state;
    }

    public static BuildRequest Request(State state, string storeRoot, string context, params ExportOutput[] outputs) => new()
    {
        Targets = [BuildTarget.FromState(state, Platform.LinuxAmd64)],
        LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context },
        Outputs = outputs,
        StoreRoot = storeRoot,
        SourceDate = SourceDate,
    };

    public static async Task<JsonElement> SkopeoAsync(params string[] arguments)
    {
        var skopeo = Requires.Program("skopeo");
        var result = await ProcessRunner.RunAsync(skopeo, ["inspect", "--tls-verify=false", .. arguments], timeout: TimeSpan.FromMinutes(2), cancellationToken: Token);
        result.EnsureSuccess("skopeo inspect");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
