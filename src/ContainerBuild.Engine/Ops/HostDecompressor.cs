using System.ComponentModel;
using System.Diagnostics;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// A bzip2 or xz file decompressed by the host's own program, as Docker's archive code does for xz: .NET has no decoder
/// for either, and both tools come with every Debian-like system. Read <see cref="Output"/>, then call
/// <see cref="CompleteAsync"/> to learn whether the whole file decompressed; disposing early stops the program.
/// </summary>
internal sealed class HostDecompressor : IDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;

    private HostDecompressor(string program, string archive, Process process)
    {
        Program = program;
        Archive = archive;
        this.process = process;
        errors = process.StandardError.ReadToEndAsync();
    }

    public string Program { get; }

    public string Archive { get; }

    /// <summary>The decompressed bytes.</summary>
    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>The program for a kind of compression: <c>bzip2</c> or <c>xz</c>.</summary>
    /// <exception cref="ArchiveDecompressionException">The program could not be started.</exception>
    public static HostDecompressor Start(string program, string archive)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-d", "-c", "-q", "--", archive])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return new HostDecompressor(program, archive, Process.Start(start) ?? throw new ArchiveDecompressionException(program, archive, null, "the process did not start"));
        }
        catch (Win32Exception e)
        {
            throw new ArchiveDecompressionException(program, archive, null, e.Message, e);
        }
    }

    /// <summary>Reads what is left and waits for the program: a failure (a corrupt or truncated file) throws.</summary>
    /// <exception cref="ArchiveDecompressionException">The program exited with an error.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await Output.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var problem = (await errors.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new ArchiveDecompressionException(Program, Archive, process.ExitCode, problem.Length == 0 ? "no message" : problem.Split('\n')[^1]);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
