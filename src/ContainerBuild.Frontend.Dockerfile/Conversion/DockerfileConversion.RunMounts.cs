using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>RUN <c>--mount</c>s to the graph's exec mounts (BuildKit's dispatchRunMounts, dispatchSecret, dispatchSSH).</summary>
internal sealed partial class DockerfileConversion
{
    /// <summary>The exec mounts of a RUN and the secrets it sees as environment variables.</summary>
    private sealed record RunMounts(List<ExecMount> Mounts, List<SecretEnv> SecretEnvironment);

    private async Task<RunMounts> RunMountsAsync(StageDispatch stage, RunInstruction run, CancellationToken cancellationToken)
    {
        var mounts = new List<ExecMount>();
        var secretEnvironment = new List<SecretEnv>();
        var sshCount = 0;
        foreach (var mount in run.ExpandMounts(word => Expand(stage, word, run.Location)))
        {
            switch (mount.Type)
            {
                case MountType.Secret:
                    var (secretMount, secretEnv) = SecretOf(mount, run.Location);
                    if (secretMount is not null)
                    {
                        mounts.Add(secretMount);
                    }

                    if (secretEnv is not null)
                    {
                        secretEnvironment.Add(secretEnv);
                    }

                    break;
                case MountType.Ssh:
                    mounts.Add(SshMountOf(mount, sshCount++, run.Location));
                    break;
                case MountType.Tmpfs:
                    mounts.Add(new TmpfsMount(MountTarget(stage, mount, run.Location)) { Size = mount.Size ?? 0 });
                    break;
                default:
                    mounts.Add(await FilesystemMountAsync(stage, mount, run.Location, cancellationToken).ConfigureAwait(false));
                    break;
            }
        }

        return new RunMounts(mounts, secretEnvironment);
    }

    // Bind and cache mounts: from the context, a stage or an image; a cache id defaults to the target.
    private async Task<ExecMount> FilesystemMountAsync(StageDispatch stage, MountSpec mount, SourceRange location, CancellationToken cancellationToken)
    {
        var target = MountTarget(stage, mount, location);
        var source = mount.From is { } from
            ? (await ResolveFromAsync(from, location, cancellationToken).ConfigureAwait(false)).State
            : mount.Type == MountType.Cache ? State.Scratch() : Context;
        var sourcePath = DockerPaths.Join("/", mount.Source);
        string? selector = sourcePath == "/" ? null : sourcePath;
        if (mount.Type == MountType.Bind)
        {
            return new BindMount(target, source) { Selector = selector, Readonly = mount.ReadOnly, NoOutput = !mount.ReadOnly };
        }

        if (selector is null && (mount.Uid is not null || mount.Gid is not null || mount.Mode is not null))
        {
            // A cache directory with an owner or mode starts from a directory made with them (BuildKit's setCacheUIDGID).
            var owner = FileOwner.FromIds(mount.Uid ?? 0, mount.Gid ?? 0);
            source = source.File(FileActions.Mkdir("/cache", (int)(mount.Mode ?? 0x1ed), new MkdirOptions { Owner = owner }));
            selector = "/cache";
        }

        // BuildKit prefixes the id with its namespace (BUILDKIT_CACHE_MOUNT_NS, empty here) and "/" whether the id is given or not.
        return new CacheMount(target, "/" + (mount.Id is { Length: > 0 } id ? id : DockerPaths.Join(mount.Target)))
        {
            Sharing = mount.Sharing ?? CacheSharing.Shared,
            From = source.IsScratch ? null : source,
            Selector = selector,
            Readonly = mount.ReadOnly,
        };
    }

    /// <summary>An absolute mount target; a relative one is under the working directory.</summary>
    private static string MountTarget(StageDispatch stage, MountSpec mount, SourceRange location)
    {
        var target = mount.Target ?? throw new DockerfileParseException(location, $"{mount.Type.ToString().ToLowerInvariant()} mount requires a target");
        if (!DockerPaths.IsAbsolute(DockerPaths.Join(target)))
        {
            target = DockerPaths.Join("/", stage.State.Metadata.WorkingDir, target);
        }

        return target == "/" ? throw new DockerfileParseException(location, $"invalid mount target \"{target}\"") : target;
    }

    // A secret as a file (target, else /run/secrets/ID unless env= is given), as an env var (env=), or both (BuildKit's dispatchSecret).
    private static (SecretMount? Mount, SecretEnv? Env) SecretOf(MountSpec mount, SourceRange location)
    {
        var id = mount.Source ?? mount.Id;
        if (string.IsNullOrEmpty(id))
        {
            id = mount.Target is { Length: > 0 } target
                ? DockerPaths.Base(target)
                : throw new DockerfileParseException(location, "one of source, target required");
        }

        var path = mount.Target is { Length: > 0 } given ? given : mount.Env is null ? "/run/secrets/" + DockerPaths.Base(id) : null;
        var file = path is null ? null : new SecretMount(path, id)
        {
            Optional = !mount.Required,
            Uid = mount.Uid ?? 0,
            Gid = mount.Gid ?? 0,
            Mode = mount.Mode ?? 0x100,
        };
        var env = mount.Env is { } name ? new SecretEnv(name, id) { Optional = !mount.Required } : null;
        return (file, env);
    }

    private static SshMount SshMountOf(MountSpec mount, int index, SourceRange location)
    {
        if (mount.Source is not null)
        {
            throw new DockerfileParseException(location, "ssh does not support source");
        }

        var target = mount.Target is { Length: > 0 } given ? given : "/run/buildkit/ssh_agent." + index.ToString(CultureInfo.InvariantCulture);
        return new SshMount(target, mount.Id is { Length: > 0 } id ? id : "default")
        {
            Optional = !mount.Required,
            Uid = mount.Uid ?? 0,
            Gid = mount.Gid ?? 0,
            Mode = mount.Mode ?? 0x180,
        };
    }
}
