using System.ComponentModel;
using System.Diagnostics;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// A full copy of a tree as <c>cp -a</c> makes it: new inodes, with modes, owners, times, symlinks, hard links
/// within the tree and extended attributes kept. One process; coreutils keeps what .NET has no API for.
/// </summary>
internal static class TreeCopy
{
    /// <exception cref="IOException">cp is missing or failed.</exception>
    public static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("cp") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-a", "--", source, target])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("cp could not be started to copy the root filesystem.");
        }
        catch (Win32Exception e)
        {
            throw new IOException($"cp could not be started to copy the root filesystem: {e.Message}", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var problem = (await errors.ConfigureAwait(false)).Trim();
            await output.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new IOException($"cp -a {source} {target} exited with {process.ExitCode}: {problem}");
            }
        }
    }
}
