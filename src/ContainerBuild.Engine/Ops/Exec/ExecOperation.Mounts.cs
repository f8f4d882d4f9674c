using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops.Exec;

internal sealed partial class ExecOperation
{
    // One mount of the op as the runtime sees it; null for an optional secret or ssh agent that was not given.
    private async Task<ExecMount?> PrepareMountAsync(Mount mount, IReadOnlyList<IResult> inputs, OperationContext context, Stack<Func<ValueTask>> cleanups, Dictionary<long, (RootfsMount? Scratch, FsResult Input)> outputMounts, CancellationToken cancellationToken)
    {
        var step = context.Vertex.Name;
        switch (mount.MountType)
        {
            case MountType.Bind:
            {
                if (mount.Input >= 0 && mount.Input < inputs.Count && inputs[(int)mount.Input] is LocalDirResult local)
                {
                    return await LocalBindAsync(mount, local, step, cleanups, cancellationToken).ConfigureAwait(false);
                }

                var input = Input(mount, inputs, context, "bind mount");
                var chain = input.Layers;
                if (mount.Readonly)
                {
                    if (mount.Output >= 0)
                    {
                        outputMounts[mount.Output] = (null, input);
                    }

                    var files = await StateFiles.OpenAsync(chain, engine, runner.Mounter, cancellationToken).ConfigureAwait(false);
                    cleanups.Push(files.DisposeAsync);
                    return new BindMount(SubPath(files.Path, mount.Selector, step), mount.Dest, ReadOnly: true);
                }

                // The run writes to an overlay of its own over the input: discarded afterwards, unless the mount is an output.
                var scratch = await runner.Mounter.MountAsync(chain, engine.Blobs, cancellationToken).ConfigureAwait(false);
                cleanups.Push(scratch.DisposeAsync);
                if (mount.Output >= 0)
                {
                    outputMounts[mount.Output] = (scratch, input); // An output mount: what the run wrote is its result.
                }

                return new BindMount(SubPath(scratch.Path, mount.Selector, step), mount.Dest);
            }

            case MountType.Tmpfs:
                return new TmpfsMount(mount.Dest, mount.TmpfsOpt is { Size: > 0 } tmpfs ? tmpfs.Size : null);

            case MountType.Cache:
            {
                var options = mount.CacheOpt ?? new CacheOpt();
                var id = string.IsNullOrEmpty(options.ID) ? mount.Dest : options.ID;
                var seedKey = "";
                Func<string, CancellationToken, Task>? seed = null;
                if (mount.Input >= 0)
                {
                    var from = Input(mount, inputs, context, "cache mount's from");
                    seedKey = (from.Layers.ChainId?.ToString() ?? "scratch") + "\0" + mount.Selector;
                    seed = async (directory, token) =>
                    {
                        var files = await StateFiles.OpenAsync(from.Layers, engine, runner.Mounter, token).ConfigureAwait(false);
                        await using (files.ConfigureAwait(false))
                        {
                            await TreeCopy.CopyAsync(SubPath(files.Path, mount.Selector, step), directory, token).ConfigureAwait(false);
                        }
                    };
                }

                var lease = await runner.CacheMounts.AcquireAsync(id, mount.Dest, options.Sharing, seedKey, seed, cancellationToken).ConfigureAwait(false);
                cleanups.Push(() =>
                {
                    lease.Dispose();
                    return ValueTask.CompletedTask;
                });
                return new BindMount(lease.Path, mount.Dest, mount.Readonly);
            }

            case MountType.Secret:
            {
                var options = mount.SecretOpt ?? new SecretOpt();
                if (await ReadSecretAsync(options.ID, cancellationToken).ConfigureAwait(false) is not { } bytes)
                {
                    return options.Optional ? null : throw new SecretNotFoundException(step, "secret", options.ID);
                }

                var file = WriteSecretFile(bytes, options, cleanups);
                return new BindMount(file, mount.Dest, ReadOnly: true);
            }

            case MountType.Ssh:
            {
                var options = mount.SSHOpt ?? new SSHOpt();
                var id = string.IsNullOrEmpty(options.ID) ? "default" : options.ID;
                if (!runner.Options.SshAgents.TryGetValue(id, out var socket) || !File.Exists(socket))
                {
                    return options.Optional ? null : throw new SecretNotFoundException(step, "ssh", id);
                }

                return new BindMount(socket, mount.Dest);
            }

            default:
                throw new OpNotSupportedException("exec", $"{step}: the mount type {mount.MountType} at {mount.Dest} is not known to the in-process engine.");
        }
    }

    // A local directory (the build context) bound into the run: a private copy of the selection, read-only unless the
    // mount is writable, and then what the run writes is thrown away with it (BuildKit's rw bind of the context).
    private async Task<ExecMount> LocalBindAsync(Mount mount, LocalDirResult local, string step, Stack<Func<ValueTask>> cleanups, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Bind mounts of a local directory need Linux.");
        }

        if (mount.Output >= 0)
        {
            throw new OpNotSupportedException("exec", $"{step}: the bind mount at {mount.Dest} is an output of the exec op, but its input is the local directory '{local.Name}'; the in-process engine makes outputs only of filesystem states.");
        }

        // An empty writable root filesystem holds the copy: its directory is locked while in use and removed after a crash like any RUN's.
        var holder = await runner.Mounter.MountAsync(Sources.LayerChain.Empty, engine.Blobs, cancellationToken).ConfigureAwait(false);
        cleanups.Push(holder.DisposeAsync);
        var copy = Path.Join(holder.Path, "local");
        LocalMountCopy.Copy(local, mount.Selector, copy, step, cancellationToken);
        return new BindMount(copy, mount.Dest, mount.Readonly);
    }

    private async Task<IEnumerable<string>> SecretEnvAsync(string step, CancellationToken cancellationToken)
    {
        var env = new List<string>();
        foreach (var secret in op.Exec.Secretenv)
        {
            if (await ReadSecretAsync(secret.ID, cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                env.Add(secret.Name + "=" + System.Text.Encoding.UTF8.GetString(bytes));
            }
            else if (!secret.Optional)
            {
                throw new SecretNotFoundException(step, "secret", secret.ID);
            }
        }

        return env;
    }

    private async Task<byte[]?> ReadSecretAsync(string id, CancellationToken cancellationToken) =>
        runner.Options.Secrets.TryGetValue(id, out var source) ? await source.TryReadAsync(cancellationToken).ConfigureAwait(false) : null;

    // On tmpfs, outside the root filesystem: bound read-only, so the bytes never reach the upper dir or a disk.
    private string WriteSecretFile(byte[] bytes, SecretOpt options, Stack<Func<ValueTask>> cleanups)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Secret mounts need Linux.");
        }

        var directory = Path.Combine(runner.Options.SecretsDirectory, "cb-secret-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        cleanups.Push(() =>
        {
            DirectoryTrees.Delete(directory);
            return ValueTask.CompletedTask;
        });
        var file = Path.Combine(directory, "secret");
        File.WriteAllBytes(file, bytes);
        File.SetUnixFileMode(file, (UnixFileMode)(options.Mode == 0 ? 0x100 : options.Mode & 0xFFF));
        if (options.Uid != 0 || options.Gid != 0)
        {
            ExecNative.Chown(file, options.Uid, options.Gid);
        }

        return file;
    }

    private static FsResult Input(Mount mount, IReadOnlyList<IResult> inputs, OperationContext context, string what) =>
        mount.Input < 0 ? new FsResult(Sources.LayerChain.Empty, null) : FsInputs.Require(inputs, mount.Input, context, what);

    private static string SubPath(string root, string selector, string step)
    {
        var relative = FsPaths.Clean(selector);
        var path = relative.Length == 0 ? root : Path.Join(root, relative);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new MountSourceNotFoundException(step, selector);
    }
}
