using ContainerBuild.Oci;

namespace ContainerBuild.Graph.Tests;

/// <summary>The graphs kept as golden Definitions: each kind of op and option at least once.</summary>
internal static class Scenarios
{
    private static readonly DateTimeOffset Epoch2024 = DateTimeOffset.FromUnixTimeSeconds(1_704_067_200);

    public sealed record Scenario(string Name, Func<LlbDefinition> Build);

    public static IEnumerable<Scenario> All()
    {
        yield return new("image", () => State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64).Marshal());
        yield return new("image-pull-arm64", () => State.Image("debian:bookworm-slim", Platform.Parse("linux/arm64/v8"), ImageResolveMode.ForcePull).Marshal());
        yield return new("mkfile-on-scratch", () => State.Scratch().File(FileActions.Mkfile("/hello", 420, "hi\n")).Marshal(Platform.LinuxAmd64));
        yield return new("copy-local-onto-image", () =>
        {
            var baseImage = State.Image("127.0.0.1:5000/dotnet/aspnet:10.0", Platform.LinuxAmd64);
            var context = State.Local("context", new LocalOptions { ExcludePatterns = ["bin/", "obj/", "*.md"], SharedKeyHint = "context" });
            return baseImage
                .WithWorkingDir("/app")
                .File(FileActions.Copy(context, "publish/", ".", new CopyOptions
                {
                    Owner = FileOwner.Parse("app:app"),
                    CopyDirectoryContentsOnly = true,
                    CreateDestPath = true,
                    AllowWildcard = true,
                    AllowEmptyWildcard = true,
                    FollowSymlinks = true,
                    Timestamp = Epoch2024,
                }))
                .WithCustomName("COPY publish/ .")
                .Marshal();
        });
        yield return new("file-chain", () =>
        {
            var image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);
            var other = State.Scratch().File(FileActions.Mkfile("/data.txt", 384, "data"));
            return image.File(FileActions
                    .Mkdir("/opt/app", 493, new MkdirOptions { MakeParents = true, Owner = FileOwner.FromIds(1000, 1000) })
                    .Mkfile("/opt/app/hello.txt", 420, "hello", new MkfileOptions { Timestamp = Epoch2024 })
                    .Copy(other, "/data.txt", "/opt/app/", new CopyOptions { Mode = 420 })
                    .Symlink("hello.txt", "/opt/app/link")
                    .Rm("/tmp/*", new RmOptions { AllowNotFound = true, AllowWildcard = true }))
                .IgnoreCache()
                .Marshal();
        });
        yield return new("merge-and-diff", () =>
        {
            var image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);
            var changed = image.File(FileActions.Mkfile("/etc/motd", 420, "hi"));
            var diff = State.Diff(image, changed);
            var layer = State.Scratch().File(FileActions.Mkdir("/srv", 493));
            return State.Merge([image, diff, layer]).Marshal();
        });
        yield return new("run-with-mounts", () =>
        {
            var image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64).WithEnv("A", "1").WithWorkingDir("/work");
            var context = State.Local("context");
            var exec = image.Run(new RunOptions
            {
                Args = ["/bin/sh", "-c", "echo hi > /out/x"],
                Network = ExecNetwork.None,
                Mounts =
                [
                    new BindMount("/src", context) { Readonly = true },
                    new BindMount("/out", State.Scratch()),
                    new CacheMount("/root/.cache", "nuget") { Sharing = CacheSharing.Locked },
                    new TmpfsMount("/tmp") { Size = 1 << 20 },
                    new SecretMount("/run/secrets/token", "token"),
                ],
            });
            return exec.GetMount("/out").WithCustomName("RUN echo hi").Marshal();
        });
    }
}
