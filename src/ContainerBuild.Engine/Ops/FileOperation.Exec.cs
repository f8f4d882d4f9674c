using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Layers;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

internal sealed partial class FileOperation
{
    private static readonly LayerOwner Root = LayerOwner.Root;

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var step = context.Vertex.Name;
        var actions = op.File.Actions;
        var inputCount = inputs.Count;
        for (var k = 1; k < actions.Count; k++)
        {
            if (actions[k].Input != inputCount + k - 1)
            {
                throw new OpNotSupportedException("file", $"{step}: action {k} works on input {actions[k].Input}, not on the previous action's result; the in-process engine applies a file op's actions one after the other onto one state.");
            }
        }

        var baseResult = actions.Count == 0 || actions[0].Input < 0 ? new FsResult(LayerChain.Empty, null) : FsInputs.Require(inputs, actions[0].Input, context, "file op");
        var changes = new FsChanges();

        // Every lookup goes through the whole base (a destination's folders and links decide the layer), by the layers'
        // indexes: a base image layer is read once per store, then never again (see LayerIndexCache).
        var view = new WorkingView(changes, new ChainView(baseResult.Layers, indexes));
        var temp = Path.Combine(engine.Store.Root, "ops-tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var sources = new List<StateFiles>(); // Open until the layer that reads their files is written.
        try
        {
            WorkingView OwnerView(long index) =>
                index < 0 ? new WorkingView(new FsChanges(), null)
                : index >= inputCount || index == actions[0].Input ? view
                : new WorkingView(new FsChanges(), new ChainView(FsInputs.Require(inputs, index, context, "owner lookup").Layers, indexes));

            foreach (var action in actions)
            {
                var run = new ActionRun(step, view, temp, OwnerView);
                switch (action.ActionCase)
                {
                    case FileAction.ActionOneofCase.Copy:
                        var tree = await SourceOfAsync(inputs, action.SecondaryInput, context, sources, cancellationToken).ConfigureAwait(false);
                        await run.CopyAsync(action.Copy, tree, Time(action.Copy.Timestamp), cancellationToken).ConfigureAwait(false);
                        break;
                    case FileAction.ActionOneofCase.Mkdir:
                        await run.MkdirAsync(action.Mkdir, Time(action.Mkdir.Timestamp), cancellationToken).ConfigureAwait(false);
                        break;
                    case FileAction.ActionOneofCase.Mkfile:
                        await run.MkfileAsync(action.Mkfile, Time(action.Mkfile.Timestamp), cancellationToken).ConfigureAwait(false);
                        break;
                    case FileAction.ActionOneofCase.Rm:
                        await run.RmAsync(action.Rm, cancellationToken).ConfigureAwait(false);
                        break;
                    case FileAction.ActionOneofCase.Symlink:
                        await run.SymlinkAsync(action.Symlink, Time(action.Symlink.Timestamp), cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw new OpNotSupportedException("file", $"{step}: the file action {action.ActionCase} is not known to the in-process engine.");
                }
            }

            FsResult result;
            if (changes.IsEmpty)
            {
                result = baseResult;
            }
            else
            {
                await AddParentsAsync(view, changes, cancellationToken).ConfigureAwait(false);
                var layer = await WriteLayerAsync(changes, temp, cancellationToken).ConfigureAwait(false);
                result = new FsResult(baseResult.Layers.Append(layer), baseResult.BaseImage);
            }

            await results.SaveAsync(result, cancellationToken).ConfigureAwait(false);
            return [result];
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            Snapshots.DirectoryTrees.Delete(temp);
        }
    }

    private DateTimeOffset Time(long nanoseconds) =>
        nanoseconds < 0 ? engine.SourceDate : DateTimeOffset.FromUnixTimeSeconds(nanoseconds / 1_000_000_000);

    internal static bool IsDirectoryDest(string dest) =>
        dest.EndsWith('/') || dest.EndsWith("/.", StringComparison.Ordinal) || FsPaths.Clean(dest).Length == 0;

    private async Task<SourceTree> SourceOfAsync(IReadOnlyList<IResult> inputs, long index, OperationContext context, List<StateFiles> sources, CancellationToken cancellationToken)
    {
        if (index >= 0 && index < inputs.Count && inputs[(int)index] is LocalDirResult local)
        {
            return SourceTree.ForLocal(local);
        }

        if (index >= inputs.Count)
        {
            throw new OpNotSupportedException("file", $"{context.Vertex.Name}: a copy from the result of an earlier action of the same file op is not supported by the in-process engine yet.");
        }

        var chain = index < 0 ? LayerChain.Empty : FsInputs.Require(inputs, index, context, "copy").Layers;

        // Only a copy out of a state needs its files: its layers unpacked (once each, shared by every build) under one view.
        var files = await StateFiles.OpenAsync(chain, engine, mounter, cancellationToken).ConfigureAwait(false);
        sources.Add(files);
        return SourceTree.ForSnapshot(files.Path, index < 0 ? "scratch" : $"the state {chain}");
    }

    // Parents of new entries are written as the base has them (an existing folder keeps its mode and owner), else as 0755 root directories.
    private async Task AddParentsAsync(WorkingView view, FsChanges changes, CancellationToken cancellationToken)
    {
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in changes.Entries.Keys.Concat(changes.Whiteouts).Concat(changes.Opaque))
        {
            foreach (var ancestor in FsPaths.Ancestors(path))
            {
                if (changes.Get(ancestor) is null)
                {
                    needed.Add(ancestor);
                }
            }
        }

        foreach (var directory in needed)
        {
            var known = await view.LookupBaseAsync(directory, cancellationToken).ConfigureAwait(false);
            var entry = known is { IsDirectory: true } ? known : new FsEntry(FsEntryType.Directory, UnixMode.Executable, 0, 0);
            changes.Put(directory, new FsChange(entry, null, engine.SourceDate));
        }
    }

    private async Task<LayerRef> WriteLayerAsync(FsChanges changes, string temp, CancellationToken cancellationToken)
    {
        var builder = new LayerBuilder(new LayerWriterOptions
        {
            Compression = engine.Compression,
            CompressionLevel = engine.CompressionLevel,
            SourceDate = engine.SourceDate,
            Timestamps = TimestampPolicy.ClampToSourceDate,
            OciMediaTypes = engine.OciMediaTypes,
        });
        foreach (var (path, change) in changes.Entries)
        {
            var owner = new LayerOwner(change.Entry.Uid, change.Entry.Gid);
            LayerEntry entry = change.Entry.Type switch
            {
                FsEntryType.Directory => new LayerDirectory("/" + path),
                FsEntryType.Symlink => new LayerSymlink("/" + path, change.Entry.LinkTarget ?? ""),
                _ => new LayerFile("/" + path, change.Content ?? LayerFileSource.FromBytes(ReadOnlyMemory<byte>.Empty)),
            };
            builder.Add(entry with { Mode = change.Entry.Mode, Owner = owner, ModifiedTime = change.Time });
        }

        foreach (var path in changes.Whiteouts)
        {
            builder.Add(new LayerWhiteout("/" + path) { ModifiedTime = engine.SourceDate });
        }

        foreach (var path in changes.Opaque)
        {
            builder.Add(new LayerOpaqueWhiteout("/" + path) { ModifiedTime = engine.SourceDate });
        }

        var file = Path.Combine(temp, "layer");
        var built = await builder.WriteToFileAsync(file, cancellationToken).ConfigureAwait(false);
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            await engine.Store.WriteAsync(stream, built.Digest, built.Size, cancellationToken).ConfigureAwait(false);
        }

        return new LayerRef(built.ToDescriptor(), built.DiffId);
    }
}
