namespace ContainerBuild.Engine.Export;

/// <summary>Writes a file through a temp file beside it, renamed into place, so a reader never sees half a file.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var temp = TempBeside(path);
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static async Task WriteAsync(string path, Stream content, long expectedLength, CancellationToken cancellationToken)
    {
        var temp = TempBeside(path);
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                if (file.Length != expectedLength)
                {
                    throw new ExportException($"The blob for '{path}' had {file.Length} bytes, not the {expectedLength} its descriptor states.");
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static string TempBeside(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
