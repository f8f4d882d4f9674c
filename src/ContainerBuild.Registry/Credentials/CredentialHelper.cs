using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace ContainerBuild.Registry;

/// <summary>
/// Runs a Docker credential helper (<c>docker-credential-NAME get</c>, the server URL on stdin, JSON
/// <c>{"ServerURL","Username","Secret"}</c> on stdout), found on the PATH of the given environment.
/// </summary>
public sealed class CredentialHelper(IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>Docker's username for a Secret that is an identity token.</summary>
    public const string TokenUsername = "<token>";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The helper's credential, or null when it has none for this server (its "credentials not found").</summary>
    public async ValueTask<RegistryCredential?> GetAsync(string helper, string registry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(helper);
        var program = "docker-credential-" + helper;
        var path = FindOnPath(program) ?? throw new RegistryException(
            $"The credential helper '{program}' configured for {registry} was not found on PATH.");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("get");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new RegistryException($"Could not start the credential helper {path}.");
        }
        catch (Win32Exception e)
        {
            throw new RegistryException($"Could not start the credential helper {path}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(RegistryHostName.CredentialHelperServerUrl(registry).AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new RegistryException($"The credential helper {program} did not answer within {Timeout.TotalSeconds:0} s for {registry}.");
            }

            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                if ((output + error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // The helper's own words stay out: some helpers echo what they were given.
                throw new RegistryException($"The credential helper {program} failed for {registry} (exit code {process.ExitCode}).");
            }

            return Parse(output, program, registry);
        }
    }

    private static RegistryCredential? Parse(string output, string program, string registry)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            return user == TokenUsername
                ? new RegistryCredential(null, null, secret, program)
                : new RegistryCredential(user, secret, null, program);
        }
        catch (JsonException)
        {
            throw new RegistryException($"The credential helper {program} printed something that is not its JSON format for {registry}.");
        }
    }

    private string? FindOnPath(string program)
    {
        var path = environment.TryGetValue("PATH", out var value) ? value ?? "" : "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
