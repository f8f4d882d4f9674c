using System.ComponentModel;
using System.Diagnostics;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>
/// Copies a tree as <c>cp -al</c> does: new directories with the same modes, owners and times, and every other entry
/// (file, symlink, device) a hard link to the same inode. One process spawn; coreutils walks the tree faster than
/// managed code and keeps what .NET has no API for (owners, xattrs).
/// </summary>
internal static class HardLinkCopy
{
    /// <summary>Copies <paramref name="source"/> to the not yet existing <paramref name="target"/>; false (with the reason) when it could not.</summary>
    public static async Task<(bool Copied, string? Problem)> TryCopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (false, "hard-link copies are made with GNU cp on Linux only");
        }

        var start = new ProcessStartInfo("cp")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-al", "--", source, target])
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            return (false, $"cp could not be started: {e.Message}");
        }

        if (process is null)
        {
            return (false, "cp could not be started");
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
            return process.ExitCode == 0 ? (true, null) : (false, $"cp -al exited with {process.ExitCode}: {problem}");
        }
    }
}
