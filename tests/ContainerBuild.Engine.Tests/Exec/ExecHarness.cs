using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>A store root for runtime state and bundles, private root filesystems, and runs that collect every line.</summary>
internal sealed class ExecHarness : IDisposable
{
    private readonly ExecImages images;

    public ExecHarness(ExecImages images, OciRuntimeKind runtime, OciRuntimeSpecOptions? spec = null)
    {
        this.images = images;
        Requires.Program(OciRuntimeExecutorOptions.RuntimeName(runtime));
        Options = OciRuntimeExecutorOptions.UnderStoreRoot(Root.Path, runtime) with { Spec = spec ?? new OciRuntimeSpecOptions() };
        Executor = new OciRuntimeExecutor(Options);
    }

    public TempDirectory Root { get; } = new("cb-exec");

    public OciRuntimeExecutorOptions Options { get; }

    public OciRuntimeExecutor Executor { get; }

    public List<ExecLogLine> Lines { get; } = [];

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public Task<string> BusyboxAsync() => images.CopyAsync("busybox:amd64", Root);

    public Task<string> DebianAsync() => images.CopyAsync("debian:bookworm-slim", Root);

    /// <summary>Runs <c>sh -c script</c>; returns stdout's lines joined with \n.</summary>
    public async Task<string> ShAsync(string rootfs, string script, ExecRequest? request = null, CancellationToken? cancellationToken = null)
    {
        Lines.Clear();
        var run = (request ?? new ExecRequest { Args = [] }) with { Args = ["/bin/sh", "-c", script] };
        await Executor.RunAsync(rootfs, run, Lines.Add, cancellationToken ?? Token);
        return Stdout;
    }

    public string Stdout => string.Join('\n', Lines.Where(l => l.Stream == 1).Select(l => l.Text));

    public void Dispose() => Root.Dispose();
}
