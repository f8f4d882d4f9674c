using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace ContainerBuild.Build;

/// <summary>
/// The commit time of HEAD in the git repository holding a folder: the source date when SOURCE_DATE_EPOCH is not set
/// (DESIGN decision 6). Null when git is missing, the folder is in no repository, or git does not answer in time.
/// </summary>
public static class GitCommitTime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<DateTimeOffset?> OfHeadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-C", directory, "log", "-1", "--format=%ct", "HEAD"])
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        Process? git;
        try
        {
            git = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return null; // No git on PATH.
        }

        if (git is null)
        {
            return null;
        }

        using (git)
        {
            try
            {
                var text = await git.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
                await git.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
                await git.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return git.ExitCode == 0 && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
