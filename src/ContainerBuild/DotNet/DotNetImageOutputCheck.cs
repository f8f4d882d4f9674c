using System.ComponentModel;
using System.Diagnostics;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.DotNet;

/// <summary>
/// Whether what a recorded build made is still where it went, asked as cheaply as it can be: one manifest HEAD per
/// pushed name and one for the base image's tag (a base named by digest needs none), a stat of an archive, one
/// <c>docker image inspect</c> for a load. Registry clients only; no store, solver or exporter is touched.
/// </summary>
internal static class DotNetImageOutputCheck
{
    private static readonly TimeSpan InspectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Null when every output and the base are as recorded; else what differs.</summary>
    /// <param name="record">The earlier build.</param>
    /// <param name="request">The request, for its environment (credentials, insecure registries) and push registry.</param>
    /// <param name="cancellationToken">Cancels the questions.</param>
    /// <exception cref="RegistryException">A registry could not answer (the caller then builds in full).</exception>
    public static async Task<OutputDifference?> RunAsync(DotNetImageRecord record, DotNetImageRequest request, CancellationToken cancellationToken)
    {
        var output = record.Output;
        if (output.ArchivePath is { } archive)
        {
            var file = new FileInfo(archive);
            if (!file.Exists || file.Length != output.ArchiveSize || file.LastWriteTimeUtc.Ticks != output.ArchiveModifiedTicks)
            {
                return new OutputDifference($"the archive {archive} is gone or was written since", BaseMoved: false);
            }
        }

        var names = new List<ImageReference>();
        var expected = new List<string>();
        if (record.BaseTag is { } baseTag)
        {
            names.Add(ImageReference.Parse(baseTag));
            expected.Add(record.BaseDigest);
        }

        foreach (var pushed in output.Pushed)
        {
            names.Add(ImageReference.Parse(pushed));
            expected.Add(record.Root.Digest);
        }

        var inspect = output.LoadClient is { } client ? InspectAsync(client, record, cancellationToken) : Task.FromResult<string?>(null);

        // All HEADs at once, one client per registry; few async layers of our own, since each costs the JIT in a cold process.
        var clients = new Dictionary<string, RegistryClient>(StringComparer.Ordinal);
        var heads = new Task<Descriptor?>[names.Count];
        try
        {
            var options = ClientOptions(request);
            for (var i = 0; i < names.Count; i++)
            {
                if (!clients.TryGetValue(names[i].Registry, out var registry))
                {
                    registry = new RegistryClient(names[i].Registry, options);
                    clients[names[i].Registry] = registry;
                }

                heads[i] = registry.TryHeadManifestAsync(names[i].Repository, names[i].ManifestReference, cancellationToken);
            }

            try
            {
                await Task.WhenAll(heads).ConfigureAwait(false);
            }
            catch (ManifestNotFoundException)
            {
                // A tag that is gone is an answer, looked at below; any other failure is rethrown there.
            }
        }
        finally
        {
            foreach (var registry in clients.Values)
            {
                registry.Dispose();
            }
        }

        var loadDifference = await inspect.ConfigureAwait(false);
        for (var i = 0; i < names.Count; i++)
        {
            var answer = heads[i].Exception?.InnerException is ManifestNotFoundException ? null : (await heads[i].ConfigureAwait(false))?.Digest.ToString();
            if (!string.Equals(answer, expected[i], StringComparison.Ordinal))
            {
                var isBase = record.BaseTag is not null && i == 0;
                var what = isBase ? $"the base image {names[i]}" : names[i].ToString();
                return new OutputDifference($"{what} is at {answer ?? "no image"} now, not {expected[i]}", isBase);
            }
        }

        return loadDifference is null ? null : new OutputDifference(loadDifference, BaseMoved: false);
    }

    private static RegistryClientOptions ClientOptions(DotNetImageRequest request)
    {
        var pushRegistry = string.IsNullOrWhiteSpace(request.ArchiveOutputPath) && !string.IsNullOrWhiteSpace(request.Registry) ? request.Registry.Trim().TrimEnd('/') : null;
        return new RegistryClientOptions
        {
            Credentials = CredentialStore.FromEnvironment(request.Environment, pushRegistry),
            InsecureRegistries = RegistryClientOptions.InsecureRegistriesFrom(request.Environment),
            Retry = RetryPolicy.None, // a failed question means a full build, which retries as it always does
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
    }

    // docker (or podman) image inspect of every loaded name: each must still be the image loaded (its config digest as
    // Docker's image id, or the manifest's digest where the daemon keeps images in containerd).
    private static async Task<string?> InspectAsync(string client, DotNetImageRecord record, CancellationToken cancellationToken)
    {
        var first = record.Manifests[0];
        var loaded = new HashSet<string>(StringComparer.Ordinal) { Hex(first.Config.Digest), Hex(first.Manifest.Digest), Hex(record.Root.Digest) };
        var info = new ProcessStartInfo(client)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["image", "inspect", "--format", "{{.Id}}", .. record.Names])
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception($"{client} did not start");
        }
        catch (Win32Exception e)
        {
            return $"{client} cannot run ({e.Message})";
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(InspectTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return $"{client} image inspect did not answer within {InspectTimeout.TotalSeconds:0} s";
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                var error = (await stderr.ConfigureAwait(false)).Trim().Split('\n')[0];
                return $"{client} image inspect found no such image ({error})";
            }

            var ids = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return ids.Length == record.Names.Count && ids.All(id => loaded.Contains(Hex(id)))
                ? null
                : $"the local {Path.GetFileName(client)} holds other images under {string.Join(", ", record.Names)} now";
        }
    }

    // Docker prints sha256:<hex>, Podman the hex alone.
    private static string Hex(string id) => id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>What is not as recorded, in a few words; <paramref name="BaseMoved"/> when it is the base image's tag.</summary>
internal sealed record OutputDifference(string What, bool BaseMoved);
