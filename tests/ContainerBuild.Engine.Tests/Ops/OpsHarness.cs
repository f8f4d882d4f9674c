using System.Collections.Concurrent;
using System.Formats.Tar;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Ops;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Graph;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// A content store in a temp root and the real solver, cache and ops over it. Every solve starts from new objects
/// (resolver, blob source, solver) on the same root, as a new process would.
/// </summary>
internal sealed class OpsHarness : IDisposable
{
    private readonly TempDirectory root = new("cb-ops");

    public OpsHarness(IReadOnlyDictionary<string, string>? localDirs = null)
    {
        Store = new ContentStore(Path.Combine(root.Path, "store"));
        LocalDirs = localDirs ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string Image(string nameAndTag) => $"{TestEnvironment.Registry}/{nameAndTag}";

    public ContentStore Store { get; }

    public IReadOnlyDictionary<string, string> LocalDirs { get; set; }

    public DateTimeOffset SourceDate { get; init; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>How RUNs run, and how states are mounted (overlay or copies).</summary>
    public ExecEngineOptions Exec { get; init; } = new();

    public string Root => root.Path;

    /// <summary>Solves the state with fresh engine objects; returns the result and the names of the vertices that ran (not cached).</summary>
    public async Task<Solved> SolveAsync(State state)
    {
        using var clients = new RegistryClients(new RegistryClientOptions { Credentials = CredentialStore.Anonymous });
        var context = new EngineContext
        {
            Store = Store,
            Images = new ImageSourceResolver(Store, clients),
            Blobs = new LayerBlobSource(Store, clients),
            Snapshots = new SnapshotStore(Store),
            Checksums = new ContentChecksummer(Path.Combine(Store.Root, "checksums")),
            LocalDirs = LocalDirs,
            SourceDate = SourceDate,
            Exec = Exec,
        };
        var solver = new Solver.Solver(new EngineOperationResolver(context), new CacheRecordStore(Store));
        var sink = new RecordingSink();
        var result = await solver.SolveAsync(LlbVertices.Load(state.Marshal(Platform.LinuxAmd64)), new SolveOptions { Progress = sink }, Token);
        return new Solved(Assert.IsType<FsResult>(result.Result), result.Executed, [.. sink.Ran.Order(StringComparer.Ordinal)]);
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

    /// <summary>The result's root filesystem: every layer applied in order (base layers fetched as needed), whiteouts too.</summary>
    public async Task<IReadOnlyDictionary<string, TarItem>> FlattenAsync(FsResult result)
    {
        using var clients = new RegistryClients(new RegistryClientOptions { Credentials = CredentialStore.Anonymous });
        var blobs = new LayerBlobSource(Store, clients).Add(result.Layers);
        var files = new SortedDictionary<string, TarItem>(StringComparer.Ordinal);
        void RemoveBelow(string directory)
        {
            foreach (var below in files.Keys.Where(k => k.StartsWith(directory + "/", StringComparison.Ordinal)).ToList())
            {
                files.Remove(below);
            }
        }

        foreach (var layer in result.Layers)
        {
            var blob = await blobs.OpenAsync(layer.Blob, Token);
            await using (blob)
            {
                foreach (var item in await TarItem.ReadAllAsync(blob))
                {
                    var name = item.Path[(item.Path.LastIndexOf('/') + 1)..];
                    var parent = item.Path.Contains('/', StringComparison.Ordinal) ? item.Path[..item.Path.LastIndexOf('/')] : "";
                    if (name == ".wh..wh..opq")
                    {
                        RemoveBelow(parent);
                    }
                    else if (name.StartsWith(".wh.", StringComparison.Ordinal))
                    {
                        var hidden = parent.Length == 0 ? name[4..] : $"{parent}/{name[4..]}";
                        files.Remove(hidden);
                        RemoveBelow(hidden);
                    }
                    else
                    {
                        if (item.Type != 'd' && files.TryGetValue(item.Path, out var replaced) && replaced.Type == 'd')
                        {
                            RemoveBelow(item.Path);
                        }

                        files[item.Path] = item;
                    }
                }
            }
        }

        return files;
    }

    public void Dispose() => root.Dispose();

    private sealed class RecordingSink : IProgressSink
    {
        public ConcurrentBag<string> Ran { get; } = [];

        public void Publish(SolveStatus status)
        {
            foreach (var vertex in status.Vertexes)
            {
                if (vertex.Completed is not null && !vertex.Cached && vertex.Error is null)
                {
                    Ran.Add(vertex.Name);
                }
            }
        }
    }
}

internal sealed record Solved(FsResult Result, int Executed, IReadOnlyList<string> Ran);

/// <summary>One tar entry as the comparisons see it: path, type, mode, owner, link target and content (never mtime).</summary>
internal sealed record TarItem(string Path, char Type, int Mode, int Uid, int Gid, string? Link, string? Content)
{
    public static async Task<IReadOnlyList<TarItem>> ReadAllAsync(Stream blob)
    {
        var items = new List<TarItem>();
        var (tar, _) = await LayerDecompression.OpenAsync(blob, OpsHarness.Token);
        await using (tar)
        {
            var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(copyData: false, OpsHarness.Token) is { } entry)
            {
                string? content = null;
                if (entry.DataStream is { } data)
                {
                    using var text = new StreamReader(data);
                    content = await text.ReadToEndAsync(OpsHarness.Token);
                }

                var type = entry.EntryType switch
                {
                    TarEntryType.Directory => 'd',
                    TarEntryType.SymbolicLink => 'l',
                    TarEntryType.HardLink => 'h',
                    _ => 'f',
                };
                var path = entry.Name.TrimStart('.', '/').TrimEnd('/');
                items.Add(new TarItem(path, type, (int)entry.Mode & 0xFFF, entry.Uid, entry.Gid, type is 'l' or 'h' ? entry.LinkName : null, type == 'f' ? content ?? "" : null));
            }
        }

        return items;
    }

    public override string ToString() => $"{Type} {Path} {Convert.ToString(Mode, 8)} {Uid}:{Gid}{(Link is null ? "" : " -> " + Link)}{(Content is null ? "" : $" [{Content.Length}]")}";
}
