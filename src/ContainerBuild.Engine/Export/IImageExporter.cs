namespace ContainerBuild.Engine.Export;

/// <summary>One output of a build: writes or sends an image somewhere.</summary>
public interface IImageExporter
{
    Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken);
}
