using System.Collections.Concurrent;
using System.Text;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Ops;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>A temp store with the real solver, cache, ops and runc; each solve uses fresh engine objects, as a new process would.</summary>
internal sealed class ExecHarness : IDisposable
{
    private readonly TempDirectory root = new("cb-exec");

    public ExecHarness() => Store = new ContentStore(Path.Combine(root.Path, "store"));

    /// <summary>A harness over another process's store (it removes only its own temp directory).</summary>
    public ExecHarness(string storeRoot) => Store = new ContentStore(storeRoot);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string Busybox => $"{TestEnvironment.Registry}/busybox:amd64";

    public ContentStore Store { get; }

    public ExecEngineOptions Exec { get; init; } = new();

    /// <summary>The local directories the solves see by name (<c>local://NAME</c>).</summary>
    public IReadOnlyDictionary<string, string> LocalDirs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string Root => root.Path;

    /// <summary>Skips (or fails under CI) without the registry, root and runc.</summary>
    public static void RequireRunc() => RequireRuntime(OciRuntimeKind.Runc);

    /// <summary>Skips (or fails under CI) without the registry, root and the runtime.</summary>
    public static void RequireRuntime(OciRuntimeKind runtime)
    {
        Requires.Registry();
        Requires.Program(OciRuntimeExecutorOptions.RuntimeName(runtime));
        Requires.Component("root (for overlay mounts and the OCI runtime)", Environment.UserName == "root", "run the tests as root");
    }

    public async Task<ExecSolved> SolveAsync(State state)
    {
        using var clients = new RegistryClients(new RegistryClientOptions { Credentials = CredentialStore.Anonymous });
        var context = new EngineContext
        {
            Store = Store,
            Images = new ImageSourceResolver(Store, clients),
            Blobs = new LayerBlobSource(Store, clients),
            Snapshots = new SnapshotStore(Store),
            Checksums = new ContentChecksummer(Path.Combine(Store.Root, "checksums")),
            SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            Exec = Exec,
            LocalDirs = LocalDirs,
        };
        var solver = new Solver.Solver(new EngineOperationResolver(context), new CacheRecordStore(Store));
        var sink = new RecordingSink();
        try
        {
            var result = await solver.SolveAsync(LlbVertices.Load(state.Marshal(Platform.LinuxAmd64)), new SolveOptions { Progress = sink }, Token);
            return new ExecSolved(Assert.IsType<FsResult>(result.Result), result.Executed, sink.Log);
        }
        catch (SolveException e)
        {
            throw new SolveFailed(e, sink.Log);
        }
    }

    /// <summary>Every entry of a layer blob in the store, with file contents.</summary>
    public async Task<IReadOnlyList<TarItem>> ReadLayerAsync(LayerRef layer)
    {
        var blob = Store.OpenRead(layer.Digest);
        await using (blob)
        {
            return await TarItem.ReadAllAsync(blob);
        }
    }

    public void Dispose() => root.Dispose();

    private sealed class RecordingSink : IProgressSink
    {
        private readonly ConcurrentQueue<string> pieces = new();

        public string Log => string.Concat(pieces);

        public void Publish(SolveStatus status)
        {
            foreach (var log in status.Logs)
            {
                pieces.Enqueue(Encoding.UTF8.GetString(log.Data.Span));
            }
        }
    }
}

internal sealed record ExecSolved(FsResult Result, int Executed, string Log);

/// <summary>A failed solve with the progress log it wrote.</summary>
internal sealed class SolveFailed(SolveException error, string log) : Exception(error.Message, error)
{
    public string Log { get; } = log;
}
