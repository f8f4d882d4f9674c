using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// docker's side of the comparison: each case built once by <c>DOCKER_BUILDKIT=1 docker build</c> (dockerd's BuildKit
/// 0.8) and pushed to the test registry as <c>cb-conformance/CASE:KEY</c>, where KEY digests the case folder, the build
/// flags, the docker version and the base images' digests. A later run finds the tag and builds nothing; a changed
/// case or a rebuilt base image makes a new key. Every RUN gets the host's network (<c>--network=host</c>), as ours
/// does by default; <c>--pull</c> resolves base images in the registry, never in dockerd's possibly stale image store.
/// </summary>
public sealed class DockerReferenceImages(string docker, RegistryClient registry)
{
    /// <summary>The test environment's base images: a rebuild of any of them changes every key.</summary>
    private static readonly string[] BaseImages =
    [
        "busybox:latest", "debian:bookworm-slim", "dotnet/sdk:10.0", "dotnet/runtime:10.0", "dotnet/aspnet:10.0",
        "dotnet/runtime-deps:10.0", "dotnet/runtime-deps:10.0-amd64",
    ];

    private readonly Dictionary<string, ImageReference> built = new(StringComparer.Ordinal);
    private List<string>? baseDigests;
    private string? dockerVersion;

    /// <summary>The case's image as docker builds it, by digest; built and pushed when the registry does not hold it yet.</summary>
    public async Task<ImageReference> ImageAsync(ConformanceCase @case, CancellationToken cancellationToken)
    {
        if (built.TryGetValue(@case.Name, out var known))
        {
            return known;
        }

        var flags = Flags(@case, await BuildArgsAsync(@case, cancellationToken).ConfigureAwait(false));
        var key = @case.ContentKey([.. await EnvironmentKeyAsync(cancellationToken).ConfigureAwait(false), .. flags]);
        var tagged = ImageReference.Parse($"{TestEnvironment.Registry}/cb-conformance/{@case.Name}:{key}");
        var found = await FindAsync(tagged, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            await BuildAndPushAsync(@case, tagged, flags, cancellationToken).ConfigureAwait(false);
            found = await FindAsync(tagged, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"docker pushed {tagged}, but the registry does not have it.");
        }

        var reference = tagged.WithoutTagOrDigest().WithDigest(found.Digest);
        built[@case.Name] = reference;
        return reference;
    }

    /// <summary>The build args docker and we both get: the case's, and each image arg as the image docker built.</summary>
    public async Task<Dictionary<string, string>> BuildArgsAsync(ConformanceCase @case, CancellationToken cancellationToken)
    {
        var args = new Dictionary<string, string>(@case.BuildArgs, StringComparer.Ordinal);
        foreach (var (name, caseName) in @case.ImageArgs)
        {
            args[name] = (await ImageAsync(ConformanceCase.Get(caseName), cancellationToken).ConfigureAwait(false)).ToString();
        }

        return args;
    }

    private static List<string> Flags(ConformanceCase @case, Dictionary<string, string> buildArgs)
    {
        var flags = new List<string> { "-f", Path.Combine(@case.Directory, @case.DockerFile ?? "Dockerfile") };
        if (@case.Target is { } target)
        {
            flags.AddRange(["--target", target]);
        }

        if (@case.Platform is { } platform)
        {
            flags.AddRange(["--platform", platform]);
        }

        foreach (var (name, value) in buildArgs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            flags.AddRange(["--build-arg", $"{name}={value}"]);
        }

        return flags;
    }

    private async Task<IEnumerable<string>> EnvironmentKeyAsync(CancellationToken cancellationToken)
    {
        if (baseDigests is null)
        {
            var version = await ProcessRunner.RunAsync(docker, ["version", "--format", "{{.Server.Version}}"], cancellationToken: cancellationToken).ConfigureAwait(false);
            dockerVersion = "docker " + version.EnsureSuccess("docker version").StandardOutput.Trim();
            baseDigests = [];
            foreach (var image in BaseImages)
            {
                var reference = ImageReference.Parse($"{TestEnvironment.Registry}/{image}");
                var descriptor = await FindAsync(reference, cancellationToken).ConfigureAwait(false);
                baseDigests.Add($"{image}@{descriptor?.Digest}");
            }
        }

        return [dockerVersion!, .. baseDigests];
    }

    private async Task<Descriptor?> FindAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await registry.ResolveAsync(reference.Repository, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestNotFoundException)
        {
            return null;
        }
    }

    private async Task BuildAndPushAsync(ConformanceCase @case, ImageReference tagged, List<string> flags, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1", ["BUILDKIT_PROGRESS"] = "plain" };
        var name = tagged.ToString();
        try
        {
            var build = await ProcessRunner.RunAsync(
                docker,
                ["build", "--pull", "--network=host", "-t", name, .. flags, @case.Directory],
                environment: environment,
                timeout: TimeSpan.FromMinutes(20),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            build.EnsureSuccess($"docker build of the corpus case {@case.Name}");
            (await ProcessRunner.RunAsync(docker, ["push", name], timeout: TimeSpan.FromMinutes(10), cancellationToken: cancellationToken).ConfigureAwait(false))
                .EnsureSuccess($"docker push {name}");
        }
        finally
        {
            // The registry keeps the image; dockerd's image store need not (its build cache stays).
            await ProcessRunner.RunAsync(docker, ["rmi", name], cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }
}
