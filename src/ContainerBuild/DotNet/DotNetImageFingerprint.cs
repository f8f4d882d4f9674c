using System.Diagnostics;
using System.Globalization;
using ContainerBuild.Build;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// The no-op republish (issue 6): after a build, a record of what determined it and what it made goes into the
/// request's staging directory (<see cref="FileName"/>); the next build with the same keys asks only whether the
/// outputs are still there and the base's tag has not moved (<see cref="DotNetImageOutputCheck"/>), and if so returns
/// the recorded result without loading the store, the solver or the engine. Anything else, a failed question
/// included, means a full build, and <see cref="Note"/> says why.
/// </summary>
internal sealed class DotNetImageFingerprint
{
    /// <summary>The record's name in the staging directory (beside the per-platform layer folders).</summary>
    public const string FileName = "fingerprint.json";

    private readonly DotNetImageRequest request;
    private readonly string path;
    private readonly string? settingsKey;
    private readonly string? filesKey;
    private readonly TimingTrace? trace;

    private DotNetImageFingerprint(DotNetImageRequest request, string path, string? settingsKey, string? filesKey, string? note)
    {
        this.request = request;
        this.path = path;
        this.settingsKey = settingsKey;
        this.filesKey = filesKey;
        Note = note;
        trace = TimingTrace.From(request.Environment);
        trace?.Mark("fingerprint keys");
    }

    /// <summary>Why the last <see cref="CheckAsync"/> (or the keys) ruled a full build, for a low-importance log line.</summary>
    public string? Note { get; private set; }

    /// <summary>The base image's tag pointed at another image than the recorded build's: the full build asks the registry too.</summary>
    public bool BaseMoved { get; private set; }

    /// <summary>The fingerprint of <paramref name="request"/> in its staging directory; null without one.</summary>
    public static DotNetImageFingerprint? For(DotNetImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.StagingDirectory))
        {
            return null;
        }

        var path = Path.Combine(Path.GetFullPath(request.StagingDirectory), FileName);
        try
        {
            var archive = string.IsNullOrWhiteSpace(request.ArchiveOutputPath) ? null : DotNetImageOutputs.ArchiveFile(request.ArchiveOutputPath, request.Repository);
            var loadClient = archive is null && string.IsNullOrWhiteSpace(request.Registry) ? DotNetImageOutputs.LoadClient(request.LocalRegistry, request.Environment) : null;
            return new DotNetImageFingerprint(request, path, DotNetImageFingerprintKey.Settings(request, archive, loadClient), DotNetImageFingerprintKey.Files(request), null);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The full build reports these in its own words.
            return new DotNetImageFingerprint(request, path, null, null, $"no fingerprint ({e.Message}): full build");
        }
    }

    /// <summary>The recorded result when nothing changed and every output is still there; else null, and <see cref="Note"/> says why.</summary>
    public async Task<DotNetImageResult?> CheckAsync(CancellationToken cancellationToken)
    {
        if (settingsKey is null || filesKey is null)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var record = DotNetImageRecord.TryRead(path);
        trace?.Mark("fingerprint read");
        if (record is null)
        {
            Note = $"no fingerprint in {Path.GetDirectoryName(path)} yet: full build";
            return null;
        }

        if (!string.Equals(record.SettingsKey, settingsKey, StringComparison.Ordinal))
        {
            Note = "the container settings, the environment or ContainerBuild changed since the fingerprint: full build";
            return null;
        }

        if (!string.Equals(record.FilesKey, filesKey, StringComparison.Ordinal))
        {
            Note = "a published file changed (path, size, mode or time) since the fingerprint: full build";
            return null;
        }

        try
        {
            var difference = await DotNetImageOutputCheck.RunAsync(record, request, cancellationToken).ConfigureAwait(false);
            trace?.Mark("outputs checked");
            if (difference is not null)
            {
                BaseMoved = difference.BaseMoved;
                Note = $"fingerprint matched but {difference.What}: full build";
                return null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Note = $"fingerprint matched but checking the outputs failed ({e.GetType().Name}: {e.Message}): full build";
            return null;
        }

        var checkedWhat = record.Output switch
        {
            { ArchivePath: { } archive } => $"{archive} as written",
            { LoadClient: { } client } => $"{string.Join(", ", record.Names)} still loaded in {Path.GetFileName(client)}",
            _ => $"{string.Join(", ", record.Names)} still at {record.Root.Digest}",
        };
        var baseWhat = record.BaseTag is null ? "the base named by digest" : "the base tag unmoved";
        var elapsed = watch.Elapsed;
        var result = record.ToResult(
            string.Create(CultureInfo.InvariantCulture, $"image unchanged (fingerprint), {checkedWhat}, {baseWhat}; checked in {elapsed.TotalMilliseconds:F0} ms"),
            elapsed);
        trace?.Mark("unchanged");
        return result;
    }

    /// <summary>Removes the record before a full build, so a build that fails leaves none behind.</summary>
    public void Forget()
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // No staging directory yet: no record either.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Note += $" (the old fingerprint could not be removed: {e.Message})";
        }
    }

    /// <summary>Records what a full build made; a record that cannot be written only costs the next build its shortcut.</summary>
    /// <param name="result">The build's result.</param>
    /// <param name="baseName">The base image as named (with its tag or digest).</param>
    /// <param name="baseRoot">The root digest the base's name resolved to.</param>
    /// <param name="outputs">Where the image went.</param>
    public void Record(DotNetImageResult result, ImageReference baseName, Digest baseRoot, DotNetImageOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(baseName);
        ArgumentNullException.ThrowIfNull(outputs);
        if (settingsKey is null || filesKey is null)
        {
            return;
        }

        var build = result.Build;
        var output = new RecordedOutput();
        if (outputs.ArchivePath is { } archive)
        {
            var file = new FileInfo(archive);
            output = new RecordedOutput { ArchivePath = archive, ArchiveSize = file.Length, ArchiveModifiedTicks = file.LastWriteTimeUtc.Ticks };
        }
        else if (outputs.Output.Image.Push)
        {
            output = new RecordedOutput { Pushed = [.. outputs.Output.Image.Names.Select(n => n.ToString())] };
        }
        else
        {
            output = new RecordedOutput { LoadClient = outputs.Output.LoadClient };
        }

        var record = new DotNetImageRecord
        {
            SettingsKey = settingsKey,
            FilesKey = filesKey,
            Root = RecordedDescriptor.Of(build.Root),
            ManifestJson = result.ManifestJson,
            ConfigJson = result.ConfigJson,
            IndexJson = build.Root.MediaType.IsIndex ? result.RootJson : null,
            Manifests = [.. build.Manifests.Select(m => new RecordedManifest(
                m.Platform.ToString(), RecordedDescriptor.Of(m.Manifest), RecordedDescriptor.Of(m.Config), [.. m.Layers.Select(RecordedDescriptor.Of)]))],
            Names = result.Names,
            User = result.User,
            Ports = result.Ports,
            Metadata = build.Metadata,
            StoreRoot = build.StoreRoot,
            BaseTag = baseName.Digest is null ? baseName.ToString() : null,
            BaseDigest = baseRoot.ToString(),
            Output = output,
        };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            record.Write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Note += $" (the fingerprint could not be written: {e.Message})";
        }
    }
}
