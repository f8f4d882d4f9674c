namespace ContainerBuild.Engine.Ops;

/// <summary>
/// ADD could not decompress a bzip2 or xz archive: the decompressor (<see cref="Program"/>) is missing, or it failed on
/// the file (<see cref="ExitCode"/> and its last words in <see cref="Detail"/>).
/// </summary>
public sealed class ArchiveDecompressionException : IOException
{
    public ArchiveDecompressionException(string program, string archive, int? exitCode, string detail, Exception? innerException = null)
        : base(exitCode is null
            ? $"'{program}' is needed to unpack {archive} and could not be started ({detail}); install it (Debian: apt-get install {PackageOf(program)})."
            : $"'{program}' could not unpack {archive} (exit code {exitCode}): {detail}", innerException)
    {
        Program = program;
        Archive = archive;
        ExitCode = exitCode;
        Detail = detail;
    }

    public ArchiveDecompressionException()
    {
        Program = Archive = Detail = "";
    }

    public ArchiveDecompressionException(string message)
        : base(message)
    {
        Program = Archive = "";
        Detail = message;
    }

    public ArchiveDecompressionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Program = Archive = "";
        Detail = message;
    }

    /// <summary>The decompressor: <c>bzip2</c> or <c>xz</c>.</summary>
    public string Program { get; }

    /// <summary>The archive's path on the host.</summary>
    public string Archive { get; }

    /// <summary>Its exit code; null when it could not be started.</summary>
    public int? ExitCode { get; }

    public string Detail { get; }

    private static string PackageOf(string program) => program == "xz" ? "xz-utils" : program;
}
