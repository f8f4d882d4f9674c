using System.Text.Json;
using ContainerBuild.Build;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// What a .NET image build made and where it went, kept in the staging directory under the request's fingerprint
/// keys (<see cref="DotNetImageFingerprintKey"/>): the result the host reads back, and what
/// <see cref="DotNetImageOutputCheck"/> asks to see that the outputs are still there. Plain strings and numbers, so
/// reading it needs no OCI or engine code; it holds no credential.
/// </summary>
internal sealed record DotNetImageRecord
{
    /// <summary><see cref="DotNetImageFingerprintKey.Settings"/> and <see cref="DotNetImageFingerprintKey.Files"/> of the request built.</summary>
    public required string SettingsKey { get; init; }

    public required string FilesKey { get; init; }

    public required RecordedDescriptor Root { get; init; }

    public required string ManifestJson { get; init; }

    public required string ConfigJson { get; init; }

    /// <summary>The index of several platforms; null when the root is <see cref="ManifestJson"/>.</summary>
    public string? IndexJson { get; init; }

    public required IReadOnlyList<RecordedManifest> Manifests { get; init; }

    public required IReadOnlyList<string> Names { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string StoreRoot { get; init; }

    /// <summary>The base image as named, when a tag names it (a digest needs no question); its root digest then.</summary>
    public string? BaseTag { get; init; }

    public required string BaseDigest { get; init; }

    public required RecordedOutput Output { get; init; }

    /// <summary>The result as the host reads it, with a build that ran nothing and exported nothing.</summary>
    public DotNetImageResult ToResult(string note, TimeSpan elapsed)
    {
        var root = Root.ToDescriptor();
        return new DotNetImageResult
        {
            Build = new BuildResult
            {
                Root = root,
                Manifests = [.. Manifests.Select(m => new ExportedManifest(Platform.Parse(m.Platform), m.Manifest.ToDescriptor(), m.Config.ToDescriptor(), [.. m.Layers.Select(l => l.ToDescriptor())]))],
                Outputs = [],
                Metadata = Metadata,
                Executed = 0,
                Cached = 0,
                Timings = new BuildTimings(TimeSpan.Zero, TimeSpan.Zero, elapsed),
                StoreRoot = StoreRoot,
            },
            MediaType = root.MediaType.Value!,
            ManifestJson = ManifestJson,
            ConfigJson = ConfigJson,
            RootJson = IndexJson ?? ManifestJson,
            Names = Names,
            ArchiveOutputPath = Output.ArchivePath,
            User = User,
            Ports = Ports,
            Unchanged = true,
            FingerprintNote = note,
        };
    }

    /// <summary>The record in <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static DotNetImageRecord? TryRead(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return DotNetImageRecordJson.Read(document.RootElement);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null; // none yet, or written by another version: a full build writes a new one
        }
    }

    /// <summary>Writes it to <paramref name="path"/> through a temporary file, so a reader sees the old record or the new one.</summary>
    public void Write(string path)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, DotNetImageRecordJson.Write(this));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>A descriptor's media type, digest and size.</summary>
internal sealed record RecordedDescriptor(string MediaType, string Digest, long Size)
{
    public static RecordedDescriptor Of(Descriptor descriptor) => new(descriptor.MediaType.Value!, descriptor.Digest.ToString(), descriptor.Size);

    public Descriptor ToDescriptor() => new() { MediaType = new MediaType(MediaType), Digest = Oci.Digest.Parse(Digest), Size = Size };
}

/// <summary>One platform's manifest, its config and its layers.</summary>
internal sealed record RecordedManifest(string Platform, RecordedDescriptor Manifest, RecordedDescriptor Config, IReadOnlyList<RecordedDescriptor> Layers);

/// <summary>Where the image went: pushed under <see cref="Pushed"/>, written to <see cref="ArchivePath"/>, or loaded by <see cref="LoadClient"/>.</summary>
internal sealed record RecordedOutput
{
    public IReadOnlyList<string> Pushed { get; init; } = [];

    public string? ArchivePath { get; init; }

    public long ArchiveSize { get; init; }

    public long ArchiveModifiedTicks { get; init; }

    public string? LoadClient { get; init; }
}
