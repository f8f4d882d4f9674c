using System.Collections.Concurrent;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Sources;

/// <summary>A fresh content store, registry clients that record every HTTP request, and a resolver over both.</summary>
internal sealed class ResolverHarness : IDisposable
{
    private readonly TempDirectory root;

    public ResolverHarness(ImageSourceResolverOptions? options = null, ICredentialSource? credentials = null, TempDirectory? sharedRoot = null)
    {
        root = sharedRoot ?? new TempDirectory("cb-sources");
        OwnsRoot = sharedRoot is null;
        Store = new ContentStore(root.Path);
        Clients = new RegistryClients(new RegistryClientOptions
        {
            Credentials = credentials ?? CredentialStore.Anonymous,
            Log = Requests.Enqueue,
        });
        Resolver = new ImageSourceResolver(Store, Clients, options);
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ContentStore Store { get; }

    public RegistryClients Clients { get; }

    public ImageSourceResolver Resolver { get; }

    public string Root => root.Path;

    private bool OwnsRoot { get; }

    public static ImageReference Local(string nameAndTag) => ImageReference.Parse($"{TestEnvironment.Registry}/{nameAndTag}");

    public Task<ImageSourceResult> ResolveAsync(string nameAndTag, Platform? platform = null, SourceResolveMode mode = SourceResolveMode.Default) =>
        Resolver.ResolveAsync(Local(nameAndTag), platform ?? Platform.LinuxAmd64, mode, Token);

    /// <summary>Every blob the store holds.</summary>
    public async Task<IReadOnlyList<ContentInfo>> StoredAsync()
    {
        var list = new List<ContentInfo>();
        await foreach (var info in Store.EnumerateAsync(Token))
        {
            list.Add(info);
        }

        return list;
    }

    public void Dispose()
    {
        Clients.Dispose();
        if (OwnsRoot)
        {
            root.Dispose();
        }
    }
}
