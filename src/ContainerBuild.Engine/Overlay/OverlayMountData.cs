using System.Globalization;
using System.Text;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// The data string of an overlay mount. The kernel takes at most one page of it, and <c>lowerdir=</c> of a long
/// chain under a deep store root outgrows that: then every directory is named by a <c>/proc/self/fd/N</c> descriptor
/// of this process, about 17 bytes however long its path is.
/// </summary>
internal static class OverlayMountData
{
    /// <summary>One page (4096 bytes on the architectures .NET runs Linux on) less its terminating NUL.</summary>
    public const int Limit = 4095;

    /// <summary>Whole files in the upper dir, and no redirects or index: what the layer diff reads.</summary>
    public const string Features = "index=off,redirect_dir=off,metacopy=off";

    /// <summary>
    /// No fsync or syncfs reaches the upper dir's filesystem (Linux 5.10+; buildah mounts its build containers so):
    /// dpkg syncs every file it unpacks, and unmounting a plain overlay syncs the store's whole filesystem. A RUN's
    /// upper dir is read once into a layer blob, which the content store syncs; after a crash it is thrown away.
    /// </summary>
    public const string SkipSync = "volatile";

    /// <summary>
    /// The data with absolute paths (no upper and work dir: a read-only mount); null when a path holds a character the
    /// option syntax reserves or it is too long.
    /// </summary>
    public static string? WithPaths(IReadOnlyList<string> lowersTopFirst, string? upper, string? work, bool skipSync = false)
    {
        if (lowersTopFirst.Append(upper ?? "").Append(work ?? "").Any(p => p.AsSpan().IndexOfAny(",:\\") >= 0))
        {
            return null;
        }

        var data = Compose(lowersTopFirst, upper, work, skipSync);
        return Fits(data) ? data : null;
    }

    /// <summary>The data with every directory named by an open descriptor; null when even that is too long.</summary>
    public static string? WithDescriptors(IReadOnlyList<int> lowerDescriptors, int? upperDescriptor, int? workDescriptor, bool skipSync = false)
    {
        var data = Compose(
            [.. lowerDescriptors.Select(FdPath)],
            upperDescriptor is { } upper ? FdPath(upper) : null,
            workDescriptor is { } work ? FdPath(work) : null,
            skipSync);
        return Fits(data) ? data : null;
    }

    private static string Compose(IEnumerable<string> lowers, string? upper, string? work, bool skipSync) => upper is null || work is null
        ? $"lowerdir={string.Join(':', lowers)},{Features}"
        : $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work},{Features}{(skipSync ? "," + SkipSync : "")}";

    private static string FdPath(int descriptor) => "/proc/self/fd/" + descriptor.ToString(CultureInfo.InvariantCulture);

    private static bool Fits(string data) => Encoding.UTF8.GetByteCount(data) <= Limit;
}
