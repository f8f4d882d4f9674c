using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// A state's files on disk, to read (a copy's source): its merged snapshot when one is stored, else a read-only overlay
/// of its layers' lower directories, which RUNs over those layers made already, else a merged snapshot made now. Merging
/// a whole chain (the SDK image under a build stage) costs seconds; a mount over unpacked layers costs a syscall.
/// Dispose it when done reading (after the layer that reads its files is written): the overlay is unmounted.
/// </summary>
internal sealed class StateFiles : IAsyncDisposable
{
    private readonly RootfsMount? mount;

    private StateFiles(string path, RootfsMount? mount)
    {
        Path = path;
        this.mount = mount;
    }

    /// <summary>The root of the state's files.</summary>
    public string Path { get; }

    public static async Task<StateFiles> OpenAsync(LayerChain chain, EngineContext engine, RootfsMounter mounter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(mounter);
        engine.Blobs.Add(chain);
        if (chain.ChainId is { } id && engine.Snapshots.TryGet(id) is { } stored)
        {
            return new StateFiles(stored.Path, null);
        }

        if (await mounter.MountReadOnlyAsync(chain, engine.Blobs, cancellationToken).ConfigureAwait(false) is { } mounted)
        {
            return new StateFiles(mounted.Path, mounted);
        }

        var snapshot = await engine.Snapshots.GetOrCreateAsync(chain, engine.Blobs, cancellationToken).ConfigureAwait(false);
        return new StateFiles(snapshot.Path, null);
    }

    public ValueTask DisposeAsync() => mount?.DisposeAsync() ?? ValueTask.CompletedTask;
}
