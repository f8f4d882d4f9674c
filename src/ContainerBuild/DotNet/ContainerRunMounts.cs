using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.DotNet;

/// <summary>
/// A <c>ContainerRun</c> item's <c>Mounts</c>: Dockerfile <c>RUN --mount</c> values, read by the Dockerfile frontend's
/// own parser (<see cref="MountSpec"/>), several separated by <c>;</c> or new lines. A step has no build context, stages
/// or session, so only <c>type=cache</c> (without <c>from</c>/<c>source</c>) and <c>type=tmpfs</c> are accepted. They
/// become exec mounts the way the frontend makes them, so a cache is the same directory a Dockerfile's
/// <c>--mount=type=cache</c> with that target or id uses.
/// </summary>
public static class ContainerRunMounts
{
    private static readonly SourceRange Location = SourceRange.Line(nameof(ContainerRunSetting.Mounts), 1);

    private static readonly char[] Separators = [';', '\n', '\r'];

    /// <summary>Each mount of <paramref name="mounts"/> in order; none when it is empty.</summary>
    /// <param name="step">The step's command, for the exception.</param>
    /// <exception cref="InvalidContainerRunException">A mount the parser rejects, of another type, or at a target already mounted.</exception>
    public static IReadOnlyList<MountSpec> Parse(string step, string? mounts)
    {
        var result = new List<MountSpec>();
        foreach (var text in (mounts ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            MountSpec mount;
            try
            {
                // MSBuild has expanded its properties already: a '$' left in a value is meant literally.
                mount = MountSpec.Parse(text, word => word, Location);
            }
            catch (DockerfileParseException e)
            {
                throw new InvalidContainerRunException(step, ContainerRunSetting.Mounts, text, e.Reason, e);
            }

            Check(step, mount);
            if (result.Any(m => Same(m.Target, mount.Target)))
            {
                throw new InvalidContainerRunException(step, ContainerRunSetting.Mounts, text, "another mount of the step has the same target");
            }

            result.Add(mount);
        }

        return result;
    }

    /// <summary>Rejects what a step cannot mount.</summary>
    /// <exception cref="InvalidContainerRunException">Not a cache or tmpfs mount, a cache with a source, or the root as target.</exception>
    public static void Check(string step, MountSpec mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        if (mount.Type is not (MountType.Cache or MountType.Tmpfs))
        {
            throw new InvalidContainerRunException(step, ContainerRunSetting.Mounts, mount.Text,
                $"type={mount.Type.ToString().ToLowerInvariant()} has nothing to mount here (a step has no build context, stages, secrets or ssh agents); only type=cache and type=tmpfs are supported");
        }

        if (mount.From is not null || mount.Source is not null)
        {
            throw new InvalidContainerRunException(step, ContainerRunSetting.Mounts, mount.Text, "a cache mount starts empty here: from= and source= are not supported");
        }

        if (mount.Target is null || UnixPath.Clean("/" + mount.Target) == "/")
        {
            throw new InvalidContainerRunException(step, ContainerRunSetting.Mounts, mount.Text, "the target must be a directory other than the root");
        }
    }

    /// <summary>
    /// The exec mount of <paramref name="mount"/>, a relative target taken under <paramref name="workingDirectory"/>
    /// (as the Dockerfile frontend does); a cache's id is its <c>id</c>, else its target as written, prefixed with '/'.
    /// </summary>
    /// <exception cref="InvalidContainerRunException">A mount <see cref="Check"/> rejects.</exception>
    public static ExecMount ToExecMount(string step, MountSpec mount, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        Check(step, mount);
        var written = mount.Target!;
        var target = written.StartsWith('/') ? UnixPath.Clean(written) : UnixPath.Clean(workingDirectory + "/" + written);
        if (mount.Type == MountType.Tmpfs)
        {
            return new TmpfsMount(target) { Size = mount.Size ?? 0 };
        }

        State? seed = null;
        string? selector = null;
        if (mount.Uid is not null || mount.Gid is not null || mount.Mode is not null)
        {
            // A cache directory with an owner or mode starts from a directory made with them (BuildKit's setCacheUIDGID).
            seed = State.Scratch().File(FileActions.Mkdir("/cache", (int)(mount.Mode ?? 0b111_101_101), new MkdirOptions { Owner = FileOwner.FromIds(mount.Uid ?? 0, mount.Gid ?? 0) }));
            selector = "/cache";
        }

        return new CacheMount(target, "/" + (mount.Id is { Length: > 0 } id ? id : UnixPath.Clean(written)))
        {
            Sharing = mount.Sharing ?? CacheSharing.Shared,
            From = seed,
            Selector = selector,
            Readonly = mount.ReadOnly,
        };
    }

    private static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(UnixPath.Clean("/" + a), UnixPath.Clean("/" + b), StringComparison.Ordinal);
}
