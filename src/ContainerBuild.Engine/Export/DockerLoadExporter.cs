using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Loads an image into the local Docker or Podman: runs <c>CLIENT load</c> and streams the docker
/// archive into its stdin, so nothing lands on disk but the spooled layers.
/// </summary>
public sealed class DockerLoadExporter(DockerLoadOptions? options = null) : IImageExporter
{
    private readonly DockerLoadOptions options = options ?? new DockerLoadOptions();

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var client = options.Client;
        var info = new ProcessStartInfo(client)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("load");
        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DockerUnavailableException(client, $"Could not start '{client}'.");
        }
        catch (Win32Exception e)
        {
            throw new DockerUnavailableException(
                client,
                $"The container client '{client}' was not found or cannot run ({e.Message}): install Docker or Podman, or name the client to use (a full path, or 'podman').",
                e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            DockerArchiveResult? written = null;
            Exception? writeFailure = null;
            try
            {
                var input = process.StandardInput.BaseStream;
                await using (input.ConfigureAwait(false))
                {
                    written = await DockerArchiveWriter.WriteAsync(image, options.Archive, input, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (IOException e)
            {
                writeFailure = e; // the client closed its stdin: it failed, and says why on stderr
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            catch (Exception)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0 || written is null)
            {
                throw Explain(client, process.ExitCode, output + errors, writeFailure);
            }

            var loaded = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith("Loaded image", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .ToList();
            return new DockerLoadResult(written.Root, written.Manifest, written.ImageId, loaded);
        }
    }

    private static ExportException Explain(string client, int exitCode, string output, Exception? writeFailure)
    {
        var text = output.Trim();
        if (text.Contains("Cannot connect to the Docker daemon", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Is the docker daemon running", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Cannot connect to Podman", StringComparison.OrdinalIgnoreCase)
            || text.Contains("error during connect", StringComparison.OrdinalIgnoreCase))
        {
            var how = Path.GetFileName(client).StartsWith("podman", StringComparison.Ordinal)
                ? "start it (`systemctl --user start podman.socket`, or `podman system service &`), or set CONTAINER_HOST to a running service"
                : "start it (`sudo systemctl start docker`, `sudo service docker start`, or `sudo dockerd &`), or set DOCKER_HOST to a running daemon";
            return new DockerUnavailableException(client, $"'{client}' cannot reach its daemon: is it running? {how}. The client said: {FirstLine(text)}", writeFailure);
        }

        var message = new StringBuilder(text.Length == 0 ? $"no output{(writeFailure is null ? "" : $", and it stopped reading the image ({writeFailure.Message})")}" : text);
        return new DockerLoadFailedException(client, exitCode, message.ToString());
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].Trim();
    }
}
