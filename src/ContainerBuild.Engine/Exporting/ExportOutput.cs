using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// One output of a build: where the image goes and how it is made. Parsed from BuildKit's output syntax by
/// <see cref="ExportOutputParser"/> (<c>type=image,name=reg/app:1,push=true,compression=zstd</c>).
/// </summary>
public sealed record ExportOutput
{
    public required OutputType Type { get; init; }

    /// <summary>How the image is made, and its names.</summary>
    public ImageExportOptions Image { get; init; } = new();

    /// <summary>The file or folder written (<c>dest</c>); null for a push, a load, or an image only stored.</summary>
    public string? Destination { get; init; }

    /// <summary>For <see cref="OutputType.Oci"/>: a tar archive (true, the default) or a layout directory.</summary>
    public bool Tar { get; init; } = true;

    /// <summary>Push by digest only, without tags (<c>push-by-digest</c>).</summary>
    public bool PushByDigest { get; init; }

    /// <summary>For a load: the client program (<c>docker</c> or <c>podman</c>, or a path); our attribute <c>client</c>.</summary>
    public string LoadClient { get; init; } = "docker";

    /// <summary>For a load: the Docker context to load into (<c>context</c>), else the client's own.</summary>
    public string? DockerContext { get; init; }

    /// <summary>An image output that pushes to <paramref name="names"/>.</summary>
    public static ExportOutput PushTo(params string[] names) => new()
    {
        Type = OutputType.Image,
        Image = new ImageExportOptions { Names = [.. names.Select(ImageReference.Parse)], Push = true },
    };

    /// <summary>The image only, kept in the store (digest and descriptor in the result).</summary>
    public static ExportOutput StoreOnly() => new() { Type = OutputType.Image };
}
