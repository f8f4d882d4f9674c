using System.Text.Json;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// COPY and ADD semantics checked against <c>docker build</c> (BuildKit): the layers our file ops write hold the same
/// paths, types, modes, owners, link targets and contents as docker's layers for the same steps (mtimes aside).
/// </summary>
public sealed class DockerParityTests
{
    private static readonly string Busybox = OpsHarness.Image("busybox:amd64");

    // One step per line: the Dockerfile instruction, and the same step as a state.
    private static readonly (string Instruction, Func<State, State, State> Apply)[] Steps =
    [
        ("COPY a.txt /files/", (s, c) => s.CopyStep(c, "a.txt", "/files/")),
        ("COPY a.txt /files/renamed.txt", (s, c) => s.CopyStep(c, "a.txt", "/files/renamed.txt")),
        ("COPY dir /dir1/", (s, c) => s.CopyStep(c, "dir", "/dir1/")),
        ("COPY dir/ /dir2", (s, c) => s.CopyStep(c, "dir/", "/dir2")),
        ("COPY *.txt /wild/", (s, c) => s.CopyStep(c, "*.txt", "/wild/")),
        ("COPY dir/*/b.txt /wild2/", (s, c) => s.CopyStep(c, "dir/*/b.txt", "/wild2/")),
        ("COPY --chown=1000:1000 run.sh dir /owned/", (s, c) => s.File(FileActions.Copy(c, "run.sh", "/owned/", Owned).Copy(c, "dir", "/owned/", Owned))),
        ("COPY --chown=root:root a.txt /rootowned/", (s, c) => s.CopyStep(c, "a.txt", "/rootowned/", DockerCopy.Copy with { Owner = FileOwner.Parse("root:root") })),
        ("COPY --chown=1000 a.txt /etc/", (s, c) => s.CopyStep(c, "a.txt", "/etc/", DockerCopy.Copy with { Owner = FileOwner.Parse("1000") })),
        ("COPY --chmod=755 a.txt dir /modes/", (s, c) => s.File(FileActions.Copy(c, "a.txt", "/modes/", Chmod).Copy(c, "dir", "/modes/", Chmod))),
        ("COPY link /links/", (s, c) => s.CopyStep(c, "link", "/links/")),
        ("COPY linkdir /links2/", (s, c) => s.CopyStep(c, "linkdir", "/links2/")),
        ("COPY a.txt /etc", (s, c) => s.CopyStep(c, "a.txt", "/etc")),
        ("ADD archive.tar.gz /unpacked/", (s, c) => s.CopyStep(c, "archive.tar.gz", "/unpacked/", DockerCopy.Add)),
        ("ADD plain.tar /unpacked2", (s, c) => s.CopyStep(c, "plain.tar", "/unpacked2", DockerCopy.Add)),
    ];

    private static CopyOptions Owned => DockerCopy.Copy with { Owner = FileOwner.Parse("1000:1000") };

    private static CopyOptions Chmod => DockerCopy.Copy with { Mode = Convert.ToInt32("755", 8) };

    [Fact]
    public async Task Copy_and_add_layers_match_docker_build()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        using var context = await ContextAsync();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });

        var state = State.Image(Busybox);
        var local = State.Local("context");
        foreach (var (_, apply) in Steps)
        {
            state = apply(state, local);
        }

        var ours = await harness.SolveAsync(state);
        var theirs = await DockerLayersAsync(docker, context.Path);

        var image = ours.Result.BaseImage!;
        var ourLayers = ours.Result.Layers.Skip(image.Layers.Count).ToList();
        Assert.Equal(Steps.Length, ourLayers.Count);
        Assert.Equal(Steps.Length, theirs.Count);
        for (var i = 0; i < Steps.Length; i++)
        {
            Assert.NotEmpty(theirs[i]);
            var expected = Describe(theirs[i]);
            var actual = Describe(await harness.ReadLayerAsync(ourLayers[i]));
            Assert.True(expected == actual, $"{Steps[i].Instruction}\n--- docker:\n{expected}\n--- ours:\n{actual}");
        }
    }

    private static string Describe(IEnumerable<TarItem> items) =>
        string.Join('\n', items.Where(i => i.Path.Length > 0).OrderBy(i => i.Path, StringComparer.Ordinal).Select(i => i.ToString()));

    private static async Task<TempDirectory> ContextAsync()
    {
        var context = new TempDirectory("cb-parity");
        LocalTrees.Write(context.Path, ("a.txt", "alpha\n"), ("b.txt", "beta\n"), ("run.sh", "#!/bin/sh\necho hi\n"), ("dir/c.md", "see\n"), ("dir/sub/b.txt", "nested\n"));
        LocalTrees.Chmod(context.Combine("run.sh"), "755");
        foreach (var dir in Directory.EnumerateDirectories(context.Path, "*", SearchOption.AllDirectories).Append(context.Path))
        {
            LocalTrees.Chmod(dir, "755");
        }

        File.CreateSymbolicLink(context.Combine("link"), "a.txt");
        File.CreateSymbolicLink(context.Combine("linkdir"), "dir");
        File.CreateSymbolicLink(context.Combine("dir", "sub", "up"), "../c.md");

        using var payload = new TempDirectory("cb-payload");
        LocalTrees.Write(payload.Path, ("pkg/readme", "packed\n"), ("pkg/bin/tool", "tool\n"));
        LocalTrees.Chmod(payload.Combine("pkg", "bin", "tool"), "750");
        File.CreateSymbolicLink(payload.Combine("pkg", "current"), "bin/tool");
        await RunAsync("tar", "--owner=123", "--group=456", "-czf", context.Combine("archive.tar.gz"), "-C", payload.Path, "pkg");
        await RunAsync("tar", "-cf", context.Combine("plain.tar"), "-C", payload.Path, "pkg/readme");
        LocalTrees.Chmod(context.Combine("archive.tar.gz"), "644");
        LocalTrees.Chmod(context.Combine("plain.tar"), "644");

        var dockerfile = $"FROM {Busybox}\n" + string.Join('\n', Steps.Select(s => s.Instruction)) + "\n";
        File.WriteAllText(context.Combine("Dockerfile"), dockerfile);
        return context;
    }

    // The layers docker's COPY and ADD steps wrote, read from `docker save`.
    private static async Task<List<IReadOnlyList<TarItem>>> DockerLayersAsync(string docker, string context)
    {
        var tag = $"cb-ops-parity:{Guid.NewGuid():N}"[..40];
        using var saved = new TempDirectory("cb-saved");
        try
        {
            var environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1" };
            (await ProcessRunner.RunAsync(docker, ["build", "--pull=false", "-t", tag, context], environment: environment, timeout: TimeSpan.FromMinutes(5), cancellationToken: OpsHarness.Token))
                .EnsureSuccess("docker build");
            var archive = saved.Combine("image.tar");
            (await ProcessRunner.RunAsync(docker, ["save", "-o", archive, tag], cancellationToken: OpsHarness.Token)).EnsureSuccess("docker save");
            await RunAsync("tar", "-xf", archive, "-C", saved.Path);
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(saved.Combine("manifest.json")));
            var layers = manifest.RootElement[0].GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
            var result = new List<IReadOnlyList<TarItem>>();
            foreach (var layer in layers.Skip(layers.Count - Steps.Length))
            {
                var stream = File.OpenRead(saved.Combine(layer));
                await using (stream)
                {
                    result.Add(await TarItem.ReadAllAsync(stream));
                }
            }

            return result;
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rmi", "-f", tag], cancellationToken: CancellationToken.None);
        }
    }

    private static async Task RunAsync(string program, params string[] arguments) =>
        (await ProcessRunner.RunAsync(program, arguments, cancellationToken: OpsHarness.Token)).EnsureSuccess(program);
}
