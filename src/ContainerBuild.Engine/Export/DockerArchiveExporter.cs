namespace ContainerBuild.Engine.Export;

/// <summary>Writes a docker-archive tar (what <c>docker save</c> writes and <c>docker load</c> reads) of one platform's image.</summary>
public sealed class DockerArchiveExporter : IImageExporter
{
    private readonly string? path;
    private readonly Stream? stream;
    private readonly DockerArchiveOptions options;

    public DockerArchiveExporter(string path, DockerArchiveOptions? options = null)
    {
        this.path = Path.GetFullPath(path);
        this.options = options ?? new DockerArchiveOptions();
    }

    public DockerArchiveExporter(Stream destination, DockerArchiveOptions? options = null)
    {
        stream = destination ?? throw new ArgumentNullException(nameof(destination));
        this.options = options ?? new DockerArchiveOptions();
    }

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (stream is not null)
        {
            return await DockerArchiveWriter.WriteAsync(image, options, stream, cancellationToken).ConfigureAwait(false);
        }

        var temp = AtomicFile.TempBeside(path!);
        try
        {
            DockerArchiveResult result;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                result = await DockerArchiveWriter.WriteAsync(image, options, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path!, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
