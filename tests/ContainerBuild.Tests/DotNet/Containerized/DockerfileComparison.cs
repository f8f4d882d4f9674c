using System.Formats.Tar;
using System.Security.Cryptography;
using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Testing;

namespace ContainerBuild.Tests.DotNet.Containerized;

/// <summary>
/// The printed Dockerfile of a containerized build, built by <c>DOCKER_BUILDKIT=1 docker build</c> (BuildKit 0.8), and the
/// two images compared: every file of the flattened filesystems (name, type, mode, owner, content, link) and the config.
/// </summary>
internal static class DockerfileComparison
{
    /// <summary>Builds <paramref name="plan"/>'s Dockerfile (and its ignore file) with docker as <paramref name="tag"/>.</summary>
    public static async Task BuildWithDockerAsync(string docker, ContainerizedPlan plan, string tag, TempDirectory temp, CancellationToken ct)
    {
        var dockerfile = temp.Combine(Guid.NewGuid().ToString("N") + ".Dockerfile");

        // Host network as our RUN steps have: the test dockerd's bridge has no NAT, so restore could not reach NuGet.
        // Offline, docker 20.10 cannot fetch the docker/dockerfile:1 frontend the syntax line names; its built-in one reads the rest.
        File.WriteAllText(dockerfile, ContainerizedDockerfile.For(plan).Replace("# syntax=docker/dockerfile:1\n", "", StringComparison.Ordinal));
        File.WriteAllText(dockerfile + ".dockerignore", ContainerizedDockerfile.IgnoreFile(plan.Context));
        var secrets = plan.Trust.Secrets().SelectMany(s => (string[])["--secret", s.Value.FilePath is { } file ? $"id={s.Key},src={file}" : $"id={s.Key},env={s.Value.EnvironmentVariable}"]);
        (await ProcessRunner.RunAsync(
            docker, ["build", "--network=host", "-f", dockerfile, "-t", tag, .. secrets, plan.Context.Root],
            environment: new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1" }, timeout: TimeSpan.FromMinutes(15), cancellationToken: ct)).EnsureSuccess("docker build");
    }

    /// <summary>Asserts that both images hold the same files and the same user, env, ports, entrypoint, cmd, labels and working directory.</summary>
    public static async Task AssertSameFilesAndConfigAsync(string docker, string ours, string theirs, string appFile, TempDirectory temp, CancellationToken ct)
    {
        var (theirFiles, ourFiles) = (await FilesAsync(docker, theirs, temp, ct), await FilesAsync(docker, ours, temp, ct));
        var differences = theirFiles.Except(ourFiles).Select(f => "docker only: " + f).Concat(ourFiles.Except(theirFiles).Select(f => "ours only:   " + f)).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Contains(ourFiles, f => f.StartsWith(appFile + " ", StringComparison.Ordinal));
        foreach (var field in (string[])["User", "Env", "ExposedPorts", "Entrypoint", "Labels"])
        {
            Assert.Equal(await InspectAsync(docker, theirs, field, ct), await InspectAsync(docker, ours, field, ct));
        }

        // Docker cleans a WORKDIR path (/app/ -> /app); ContainerWorkingDirectory is written as given, as the SDK does.
        Assert.Equal((await InspectAsync(docker, theirs, "WorkingDir", ct)).Replace("/\"", "\"", StringComparison.Ordinal), (await InspectAsync(docker, ours, "WorkingDir", ct)).Replace("/\"", "\"", StringComparison.Ordinal));

        Assert.Contains(await InspectAsync(docker, ours, "Cmd", ct), (string[])["null", "[]"]);
        Assert.Contains(await InspectAsync(docker, theirs, "Cmd", ct), (string[])["null", "[]"]);
    }

    // Name, type, mode, owner and content digest of every file of the image's flattened filesystem.
    private static async Task<List<string>> FilesAsync(string docker, string tag, TempDirectory temp, CancellationToken ct)
    {
        var container = (await ProcessRunner.RunAsync(docker, ["create", tag], cancellationToken: ct)).EnsureSuccess("docker create").StandardOutput.Trim();
        var tar = temp.Combine(Guid.NewGuid().ToString("N") + ".tar");
        try
        {
            (await ProcessRunner.RunAsync(docker, ["export", "-o", tar, container], cancellationToken: ct)).EnsureSuccess("docker export");
        }
        finally
        {
            await ProcessRunner.RunAsync(docker, ["rm", "-f", container], cancellationToken: CancellationToken.None);
        }

        var files = new List<string>();
        await using (var stream = File.OpenRead(tar))
        {
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var digest = entry.DataStream is { } data ? Convert.ToHexStringLower(await SHA256.HashDataAsync(data, ct)) : "";
                files.Add($"{entry.Name.TrimEnd('/')} {entry.EntryType} {Convert.ToString((int)entry.Mode, 8)} {entry.Uid}:{entry.Gid} {digest} {entry.LinkName}");
            }
        }

        File.Delete(tar);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static async Task<string> InspectAsync(string docker, string tag, string field, CancellationToken ct) =>
        (await ProcessRunner.RunAsync(docker, ["inspect", "--format", $"{{{{json .Config.{field}}}}}", tag], cancellationToken: ct)).EnsureSuccess("docker inspect").StandardOutput.Trim();
}
