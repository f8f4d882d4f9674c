using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>
/// Solves graphs of <see cref="Vertex"/>: runs independent vertices in parallel (bounded), runs a vertex that several
/// parents or concurrent solves need once, and reuses results through cache keys (<see cref="CacheKeys"/>), trying a
/// definition-based key first and a content-based one when the op offers content digests. It knows nothing of what
/// the vertices do: <see cref="IOperationResolver"/> supplies that.
/// </summary>
public sealed partial class Solver
{
    private readonly IOperationResolver resolver;
    private readonly ICacheStore cache;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim slots;
    private readonly Lock gate = new();
    private readonly Dictionary<(Digest Digest, string Settings), VertexWork> works = [];

    public Solver(IOperationResolver resolver, ICacheStore cache, SolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(cache);
        options ??= new SolverOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelism, 1, nameof(options));
        this.resolver = resolver;
        this.cache = cache;
        clock = options.Clock;
        slots = new SemaphoreSlim(options.MaxParallelism, options.MaxParallelism);
    }

    /// <summary>Solves the vertex's first output.</summary>
    public Task<SolveResult> SolveAsync(Vertex target, SolveOptions? options = null, CancellationToken cancellationToken = default) =>
        SolveAsync(new Edge(target), options, cancellationToken);

    /// <summary>Solves <paramref name="target"/> and everything it needs.</summary>
    /// <exception cref="SolveException">A vertex failed; it names the vertex and carries the op's error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SolveResult> SolveAsync(Edge target, SolveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target.Vertex);
        options ??= new SolveOptions();
        var job = new SolveJob(options.Progress ?? ProgressSinks.None);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var outcome = await AttachAsync(target.Vertex, SolveSettings.From(options), job, parent: null, cancellation.Token).ConfigureAwait(false);
            if (target.Output < 0 || target.Output >= outcome.Results.Count)
            {
                throw new SolveException(target.Vertex.Name, target.Vertex.Digest, new InvalidOperationException(
                    $"The solve asked for output {target.Output}, but the vertex has {outcome.Results.Count}."));
            }

            lock (gate)
            {
                return new SolveResult(outcome.Results[target.Output], CacheKeys.Output(outcome.ResultKey, target.Output), job.Executed, job.Cached);
            }
        }
        finally
        {
            // Whatever this solve still waits on is let go; work other solves share keeps running for them.
            await cancellation.CancelAsync().ConfigureAwait(false);
            Release(job);
        }
    }

    private async Task<VertexOutcome> AttachAsync(Vertex vertex, SolveSettings settings, SolveJob? job, VertexWork? parent, CancellationToken cancellationToken)
    {
        VertexWork work;
        var created = false;
        lock (gate)
        {
            var key = (vertex.Digest, settings.Fingerprint);
            if (!works.TryGetValue(key, out work!) || work.Abandoned)
            {
                work = new VertexWork(vertex, settings);
                works[key] = work;
                created = true;
            }

            work.Waiters++;
            if (job is not null)
            {
                AddJob(work, job);
            }

            if (parent is not null)
            {
                parent.Inputs.Add(work);
                foreach (var parentJob in parent.Jobs)
                {
                    AddJob(work, parentJob);
                }
            }
        }

        if (created)
        {
            _ = RunAsync(work);
        }

        try
        {
            return await work.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !work.Completion.Task.IsCompleted)
        {
            Detach(work);
            throw;
        }
    }

    private void Detach(VertexWork work)
    {
        lock (gate)
        {
            work.Waiters--;
            if (work.Waiters > 0 || work.Completion.Task.IsCompleted || work.Abandoned)
            {
                return;
            }

            work.Abandoned = true;
            Forget(work);
        }

        work.Cancellation.Cancel();
    }

    private void Release(SolveJob job)
    {
        lock (gate)
        {
            foreach (var work in job.Works)
            {
                work.Jobs.Remove(job);
                if (work.Jobs.Count == 0 && work.Completion.Task.IsCompleted)
                {
                    Forget(work);
                }
            }
        }
    }

    // Under the lock: a work stays findable while a solve that saw it runs, so a solve never repeats a vertex.
    private void Forget(VertexWork work)
    {
        var key = (work.Vertex.Digest, work.Settings.Fingerprint);
        if (works.TryGetValue(key, out var current) && ReferenceEquals(current, work))
        {
            works.Remove(key);
        }
    }

    // Under the lock: the job sees this work's progress (replayed) and that of everything it needs.
    private static void AddJob(VertexWork work, SolveJob job)
    {
        if (!work.Jobs.Add(job))
        {
            return;
        }

        job.Works.Add(work);
        foreach (var status in work.History)
        {
            job.Publish(status);
        }

        foreach (var input in work.Inputs)
        {
            AddJob(input, job);
        }
    }

    private void Publish(VertexWork work, SolveStatus status)
    {
        lock (gate)
        {
            work.History.Add(status);
            foreach (var job in work.Jobs)
            {
                job.Publish(status);
            }
        }
    }

    private async Task RunAsync(VertexWork work)
    {
        await Task.Yield();
        try
        {
            work.Completion.TrySetResult(await ComputeAsync(work, work.Cancellation.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (work.Cancellation.IsCancellationRequested)
        {
            work.Completion.TrySetCanceled(e.CancellationToken);
        }
#pragma warning disable CA1031 // Every failure goes to the waiters through the completion.
        catch (Exception e)
#pragma warning restore CA1031
        {
            work.Completion.TrySetException(e);
        }
        finally
        {
            lock (gate)
            {
                if (work.Jobs.Count == 0)
                {
                    Forget(work);
                }
            }
        }
    }
}
