using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Layers;
using ContainerBuild.Solver;
using OciPlatform = ContainerBuild.Oci.Platform;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>
/// ExecOp (RUN): the command runs through the OCI runtime in an overlay of the root mount's chain, with its bind,
/// cache, tmpfs, secret and ssh mounts; what it wrote to the root becomes one new layer on top of that chain.
/// </summary>
internal sealed partial class ExecOperation(Op op, EngineContext engine, ExecEngine runner, FsResultStore results) : IOperation
{
    public const string KeyType = "containerbuild.op.exec.v2";

    public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var platform = Platform;
        var step = context.Vertex.Name;
        var inputs = new List<CacheMapInput>(op.Inputs.Count);
        for (var i = 0; i < op.Inputs.Count; i++)
        {
            var using_ = op.Exec.Mounts.Where(m => m.Input == i).ToList();
            var selectors = using_.Select(m => m.Selector).ToList();
            var selector = selectors.Any(s => s.Length > 0) ? OpKeys.Of("containerbuild.selector.exec.v1", selectors) : (Oci.Digest?)null;

            // Content keys where they are cheap and safe: read-only, no-output or whole-input mounts, never the root.
            var byContent = using_.Count > 0 && using_.All(m =>
                (m.Dest != "/" || m.ContentCache == MountContentCache.On)
                && (m.Readonly || m.Output < 0 || m.Selector.Length == 0 || m.Selector == "/"));
            inputs.Add(new CacheMapInput
            {
                Selector = selector,
                ComputeContentDigest = byContent ? (input, digest, token) => ContentDigestAsync(input, digest, selectors, step, token) : null,
            });
        }

        var key = OpKeys.Of(
            KeyType,
            [ExecCacheKey.Normalised(op.Exec), platform.OS, platform.Architecture, platform.Variant ?? "", platform.OSVersion ?? "", .. OpKeys.LayerOptions(engine)]);
        return Task.FromResult(new CacheMap(key) { Inputs = inputs });
    }

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var step = context.Vertex.Name;
        var exec = op.Exec;
        if (exec.Meta is not { Args.Count: > 0 } meta)
        {
            throw new OpNotSupportedException("exec", $"{step}: the exec op has no command (meta.args is empty).");
        }

        var root = exec.Mounts.FirstOrDefault(m => m.Dest == "/") ?? throw new OpNotSupportedException("exec", $"{step}: the exec op has no root mount (dest \"/\").");
        var baseResult = root.Input < 0 ? new FsResult(LayerChain.Empty, null) : FsInputs.Require(inputs, root.Input, context, "root mount");
        engine.Blobs.Add(baseResult.Layers);
        await runner.EnsureCleanedUpAsync().ConfigureAwait(false);

        var cleanups = new Stack<Func<ValueTask>>();
        var rootfs = await runner.Mounter.MountAsync(baseResult.Layers, engine.Blobs, cancellationToken).ConfigureAwait(false);
        try
        {
            var mounts = new List<ExecMount>();
            var outputMounts = new Dictionary<long, (RootfsMount? Scratch, FsResult Input)>();
            foreach (var mount in exec.Mounts.Where(m => !ReferenceEquals(m, root)).OrderBy(m => m.Dest, StringComparer.Ordinal))
            {
                if (await PrepareMountAsync(mount, inputs, context, cleanups, outputMounts, cancellationToken).ConfigureAwait(false) is { } prepared)
                {
                    mounts.Add(prepared);
                }
            }

            var env = meta.Env.ToList();
            env.AddRange(await SecretEnvAsync(step, cancellationToken).ConfigureAwait(false));
            var platform = Platform;
            var request = new ExecRequest
            {
                Args = [.. meta.Args],
                Env = env,
                Cwd = string.IsNullOrEmpty(meta.Cwd) ? "/" : meta.Cwd,
                User = string.IsNullOrEmpty(meta.User) ? null : meta.User,
                Hostname = string.IsNullOrEmpty(meta.Hostname) ? ExecRequest.DefaultHostname : meta.Hostname,
                ExtraHosts = [.. meta.ExtraHosts.Select(h => new ExtraHost(h.Host, h.IP))],
                Ulimits = [.. meta.Ulimit.Select(u => new ExecUlimit(u.Name, u.Soft, u.Hard))],
                Mounts = mounts,
                Network = exec.Network == NetMode.None ? ExecNetwork.None : ExecNetwork.Host,
                Security = exec.Security == SecurityMode.Insecure ? ExecSecurity.Insecure : ExecSecurity.Sandbox,
                Proxy = runner.Options.Proxy,
                ValidExitCodes = meta.ValidExitCodes.Count == 0 ? null : [.. meta.ValidExitCodes],
                Platform = Binfmt.IsNative(platform) ? null : platform,
            };
            await runner.Executor.RunAsync(rootfs.Path, request, line => context.Progress.WriteLine(line.Text, line.Stream), cancellationToken).ConfigureAwait(false);

            // One result per output index: the root's, and those of writable mounts that are outputs (llb AddMount).
            var outputs = new IResult[Math.Max(1, exec.Mounts.Max(m => m.Output) + 1)];
            if (root.Output >= 0)
            {
                outputs[root.Output] = await ResultOfAsync(rootfs, baseResult, mounts.Select(m => m.Target), cancellationToken).ConfigureAwait(false);
            }
            else if (outputMounts.Count == 0)
            {
                outputs[0] = baseResult; // A read-only root and no outputs: the state is its input.
            }

            foreach (var (index, (scratch, input)) in outputMounts)
            {
                outputs[index] = scratch is null ? input : await ResultOfAsync(scratch, input, [], cancellationToken).ConfigureAwait(false);
            }

            if (Array.IndexOf(outputs, null) is var missing and >= 0)
            {
                throw new OpNotSupportedException("exec", $"{step}: output {missing} of the exec op belongs to no bind mount; only bind mounts can be outputs.");
            }

            return outputs;
        }
        finally
        {
            while (cleanups.TryPop(out var cleanup))
            {
                await cleanup().ConfigureAwait(false);
            }

            await rootfs.DisposeAsync().ConfigureAwait(false);
        }
    }

    // What a run wrote to one writable filesystem: the input itself when nothing, else the input plus one layer.
    private async Task<FsResult> ResultOfAsync(RootfsMount written, FsResult input, IEnumerable<string> mountTargets, CancellationToken cancellationToken)
    {
        var changes = await written.GetChangesAsync(mountTargets, cancellationToken).ConfigureAwait(false);
        var result = changes.Entries.Count == 0
            ? input
            : new FsResult(input.Layers.Append(await WriteLayerAsync(changes, cancellationToken).ConfigureAwait(false)), input.BaseImage);
        await results.SaveAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private OciPlatform Platform => LlbPlatforms.ToPlatform(op.Platform, engine.DefaultPlatform);

    // A state by its chain id; a local directory by the content of what its mounts select (never its path or mtimes).
    private async Task<Oci.Digest> ContentDigestAsync(IResult input, Oci.Digest? selector, IReadOnlyList<string> selectors, string step, CancellationToken cancellationToken) => input switch
    {
        FsResult fs => OpKeys.ChainContent(fs, selector),
        LocalDirResult local => await LocalContentAsync(local, selectors, step, cancellationToken).ConfigureAwait(false),
        _ => OpKeys.Of("containerbuild.content.other.v1", input.Id),
    };

    private async Task<Oci.Digest> LocalContentAsync(LocalDirResult local, IReadOnlyList<string> selectors, string step, CancellationToken cancellationToken)
    {
        var options = local.Options;
        var tree = options.IncludePatterns.Count > 0 || options.ExcludePatterns.Count > 0 || options.FollowPaths.Count > 0 ? SourceTree.ForLocal(local) : null;
        var parts = new List<string>(selectors.Count);
        foreach (var selector in selectors)
        {
            if (tree is not null)
            {
                // Patterns hide paths the checksummer would see: hash what the mount will show.
                if (tree.Lookup(tree.Resolve(FsPaths.Clean(selector), followFinal: true)) is null)
                {
                    throw new MountSourceNotFoundException(step, selector);
                }

                parts.Add(SourceDigest.Compute(tree, new FileActionCopy { Src = selector, FollowSymlink = true }, step).ToString());
                continue;
            }

            try
            {
                var digest = await engine.Checksums.ChecksumAsync(local.Path, selector, new ChecksumOptions { FollowSymlinks = true }, cancellationToken).ConfigureAwait(false);
                parts.Add(digest.ToString());
            }
            catch (LocalPathNotFoundException)
            {
                throw new MountSourceNotFoundException(step, selector);
            }
        }

        return OpKeys.Of("containerbuild.content.local.exec.v1", parts);
    }

    private async Task<LayerRef> WriteLayerAsync(Overlay.RootfsChanges changes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(engine.Store.Root, "ops-tmp");
        Directory.CreateDirectory(temp);
        var file = Path.Combine(temp, Guid.NewGuid().ToString("N") + ".layer");
        try
        {
            BuiltLayer built;
            var output = File.Create(file);
            await using (output.ConfigureAwait(false))
            {
                built = await changes.WriteAsync(output, new LayerWriterOptions
                {
                    Compression = engine.Compression,
                    CompressionLevel = engine.CompressionLevel,
                    SourceDate = engine.SourceDate,
                    Timestamps = TimestampPolicy.ClampToSourceDate,
                    OciMediaTypes = engine.OciMediaTypes,
                }, cancellationToken).ConfigureAwait(false);
            }

            var input = File.OpenRead(file);
            await using (input.ConfigureAwait(false))
            {
                await engine.Store.WriteAsync(input, built.Digest, built.Size, cancellationToken).ConfigureAwait(false);
            }

            return new LayerRef(built.ToDescriptor(), built.DiffId);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
