using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ContainerBuild.Driver.BuildKit.Protocol;
using ContainerBuild.Driver.BuildKit.Transport;
using ContainerBuild.Graph;
using Grpc.Core;
using Llb = ContainerBuild.Graph.Pb;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>
/// A client of BuildKit's Control service: workers, disk usage, version, and raw-LLB solves with
/// their status stream. Failures surface as <see cref="BuildKitException"/>s.
/// </summary>
public sealed class BuildKitClient
{
    private const string Service = RpcErrors.ControlService;

    // The status stream ends by itself when the job ends; this bounds the wait if it does not (as the Go client does).
    private static readonly TimeSpan StatusGrace = TimeSpan.FromSeconds(5);

    private readonly Control.ControlClient _control;
    private readonly RpcErrors _errors;

    public BuildKitClient(BuildKitConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Endpoint = connection.Endpoint;
        _control = new Control.ControlClient(connection.Channel);
        _errors = new RpcErrors(connection.Endpoint);
    }

    /// <summary>Where the daemon is.</summary>
    public string Endpoint { get; }

    /// <summary>The daemon's workers (<c>buildctl debug workers</c>).</summary>
    public async Task<IReadOnlyList<BuildKitWorker>> ListWorkersAsync(CancellationToken cancellationToken = default)
    {
        var response = await UnaryAsync(Service + "ListWorkers", o => _control.ListWorkersAsync(new ListWorkersRequest(), o), cancellationToken).ConfigureAwait(false);
        return [.. response.Record.Select(ProtocolMapping.ToWorker)];
    }

    /// <summary>The daemon's cache records (<c>buildctl du</c>), optionally filtered (<c>type==regular</c>).</summary>
    public async Task<IReadOnlyList<BuildKitUsageRecord>> DiskUsageAsync(IEnumerable<string>? filters = null, CancellationToken cancellationToken = default)
    {
        var request = new DiskUsageRequest();
        request.Filter.Add(filters ?? []);
        var response = await UnaryAsync(Service + "DiskUsage", o => _control.DiskUsageAsync(request, o), cancellationToken).ConfigureAwait(false);
        return [.. response.Record.Select(ProtocolMapping.ToUsage)];
    }

    /// <summary>The daemon's BuildKit version (v0.11 and later; older ones throw <see cref="BuildKitUnsupportedException"/>).</summary>
    public async Task<BuildKitVersion> InfoAsync(CancellationToken cancellationToken = default)
    {
        var response = await UnaryAsync(Service + "Info", o => _control.InfoAsync(new InfoRequest(), o), cancellationToken).ConfigureAwait(false);
        return response.BuildkitVersion is { } version
            ? ProtocolMapping.ToVersion(version)
            : throw new BuildKitProtocolException($"BuildKit at {Endpoint} answered Info without a version.", Endpoint, null);
    }

    /// <summary>Solves a marshalled graph; see <see cref="SolveAsync(Llb.Definition?, BuildKitSolveOptions?, IProgress{BuildKitStatus}?, CancellationToken)"/>.</summary>
    public Task<BuildKitSolveResult> SolveAsync(
        LlbDefinition definition,
        BuildKitSolveOptions? options = null,
        IProgress<BuildKitStatus>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return SolveAsync(definition.ToProto(), options, progress, cancellationToken);
    }

    /// <summary>
    /// Solves a Definition (or runs a frontend) and waits until BuildKit is done, exporting included.
    /// Status updates go to <paramref name="progress"/> as they arrive, on the stream's thread.
    /// </summary>
    /// <exception cref="BuildKitSolveException">The build failed; carries the failed vertex when known.</exception>
    public async Task<BuildKitSolveResult> SolveAsync(
        Llb.Definition? definition,
        BuildKitSolveOptions? options = null,
        IProgress<BuildKitStatus>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new BuildKitSolveOptions();
        if (definition is null && options.Frontend is null)
        {
            throw new ArgumentException("A solve needs a Definition, a frontend, or both.", nameof(definition));
        }

        var reference = options.Reference ?? NewReference();
        var request = SolveRequests.Create(definition, options, reference);
        var tracker = new VertexTracker();
        using var statusCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Status first: BuildKit waits a few seconds for the job to appear, and replays it from the start.
        var status = FollowAsync(reference, tracker, progress, statusCancellation.Token);
        SolveResponse response;
        try
        {
            using var call = _control.SolveAsync(request, cancellationToken: cancellationToken);
            response = await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            statusCancellation.CancelAfter(StatusGrace);
            await status.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw _errors.ForSolve(e, reference, tracker.Failed, cancellationToken);
        }

        statusCancellation.CancelAfter(StatusGrace);
        await status.ConfigureAwait(false);
        return new BuildKitSolveResult(
            reference,
            new Dictionary<string, string>(response.ExporterResponse, StringComparer.Ordinal),
            tracker.Snapshot());
    }

    /// <summary>The status stream of a job, from its start, until the job ends.</summary>
    public async IAsyncEnumerable<BuildKitStatus> StatusAsync(string reference, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        using var call = _control.Status(new StatusRequest { Ref = reference }, cancellationToken: cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw _errors.ForCall(Service + "Status", e, cancellationToken);
            }

            if (!more)
            {
                yield break;
            }

            yield return ProtocolMapping.ToStatus(call.ResponseStream.Current);
        }
    }

    /// <summary>A job reference like the Go client's: random, lower-case base 36.</summary>
    public static string NewReference()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return RandomNumberGenerator.GetString(alphabet, 25);
    }

    private async Task FollowAsync(string reference, VertexTracker tracker, IProgress<BuildKitStatus>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in StatusAsync(reference, cancellationToken).ConfigureAwait(false))
            {
                tracker.Add(update);
                progress?.Report(update);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The grace period after Solve ran out, or the caller cancelled (Solve reports that).
        }
    }

    private async Task<T> UnaryAsync<T>(string method, Func<CallOptions, AsyncUnaryCall<T>> start, CancellationToken cancellationToken)
    {
        try
        {
            using var call = start(new CallOptions(cancellationToken: cancellationToken));
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw _errors.ForCall(method, e, cancellationToken);
        }
    }
}
