using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>Solving one vertex: inputs first, then the cache (definition key, then content key), then the op.</summary>
public sealed partial class Solver
{
    private async Task<VertexOutcome> ComputeAsync(VertexWork work, CancellationToken cancellationToken)
    {
        var vertex = work.Vertex;
        var inputs = await SolveInputsAsync(work, cancellationToken).ConfigureAwait(false);

        var progress = new VertexProgress(vertex, status => Publish(work, status), clock);
        var context = new OperationContext(vertex, progress);
        var started = clock.GetUtcNow();
        var update = new VertexUpdate { Digest = vertex.Digest, Inputs = [.. vertex.Inputs.Select(e => e.Vertex.Digest).Distinct()], Name = vertex.Name, Started = started };
        Publish(work, new SolveStatus { Vertexes = [update] });
        try
        {
            var outcome = await SolveVertexAsync(work, inputs, context, cancellationToken).ConfigureAwait(false);
            Publish(work, new SolveStatus { Vertexes = [update with { Completed = clock.GetUtcNow(), Cached = outcome.Cached }] });
            return outcome.Outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Publish(work, new SolveStatus { Vertexes = [update with { Completed = clock.GetUtcNow(), Error = VertexUpdate.CanceledError }] });
            throw;
        }
        catch (Exception e)
        {
            Publish(work, new SolveStatus { Vertexes = [update with { Completed = clock.GetUtcNow(), Error = e.Message }] });
            throw new SolveException(vertex.Name, vertex.Digest, e);
        }
    }

    // All inputs at once; the first failure stops the rest (they are let go, and cancelled unless shared).
    private async Task<VertexOutcome[]> SolveInputsAsync(VertexWork work, CancellationToken cancellationToken)
    {
        var edges = work.Vertex.Inputs;
        if (edges.Count == 0)
        {
            return [];
        }

        var pending = edges.Select(e => AttachAsync(e.Vertex, work.Settings, job: null, parent: work, cancellationToken)).ToArray();
        var left = pending.ToHashSet();
        while (left.Count > 0)
        {
            var done = await Task.WhenAny(left).ConfigureAwait(false);
            left.Remove(done);
            if (done.IsFaulted || (done.IsCanceled && !cancellationToken.IsCancellationRequested))
            {
                await work.Cancellation.CancelAsync().ConfigureAwait(false);
                await done.ConfigureAwait(false);
            }
        }

        return [.. pending.Select(t => t.Result)];
    }

    private async Task<(VertexOutcome Outcome, bool Cached)> SolveVertexAsync(
        VertexWork work,
        VertexOutcome[] inputs,
        OperationContext context,
        CancellationToken cancellationToken)
    {
        var vertex = work.Vertex;
        var op = resolver.Resolve(vertex);
        var map = await WithSlotAsync(() => op.CacheMapAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (map.Inputs.Count != 0 && map.Inputs.Count != vertex.Inputs.Count)
        {
            throw new InvalidOperationException($"The op's cache map describes {map.Inputs.Count} inputs, but the vertex has {vertex.Inputs.Count}.");
        }

        var ignoreCache = work.Settings.IgnoresCache(vertex);
        var freshInputs = inputs.Any(i => i.Fresh);
        var inputResults = vertex.Inputs.Select((edge, i) => OutputOf(inputs[i], edge)).ToArray();
        var keyInputs = vertex.Inputs
            .Select((edge, i) => (CacheKeys.Output(inputs[i].ResultKey, edge.Output), false, InputMap(map, i).Selector))
            .ToList();
        var fastKey = CacheKeys.Vertex(map.BaseKey, keyInputs);

        // A fresh input's definition key says nothing about its new content, so only content can vouch for it.
        if (!ignoreCache && !freshInputs && await TryLoadAsync(fastKey, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            return (new VertexOutcome(hit.Record.ResultKey, hit.Results, Fresh: false), true);
        }

        Digest? slowKey = null;
        if (Enumerable.Range(0, vertex.Inputs.Count).Any(i => InputMap(map, i).ComputeContentDigest is not null))
        {
            var slowInputs = new List<(Digest, bool, Digest?)>(keyInputs);
            for (var i = 0; i < vertex.Inputs.Count; i++)
            {
                var input = InputMap(map, i);
                if (input.ComputeContentDigest is { } compute)
                {
                    var result = inputResults[i];
                    var content = await WithSlotAsync(() => compute(result, input.Selector, cancellationToken), cancellationToken).ConfigureAwait(false);
                    slowInputs[i] = (content, true, input.Selector);
                }
            }

            slowKey = CacheKeys.Vertex(map.BaseKey, slowInputs);
            var vouched = Enumerable.Range(0, vertex.Inputs.Count).All(i => !inputs[i].Fresh || InputMap(map, i).ComputeContentDigest is not null);
            if (!ignoreCache && vouched && await TryLoadAsync(slowKey.Value, cancellationToken).ConfigureAwait(false) is { } contentHit)
            {
                // Found by content: remember it under the definition key too, so the next solve finds it at once.
                await cache.SaveAsync(contentHit.Record with { Key = fastKey, LastUsed = clock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                return (new VertexOutcome(contentHit.Record.ResultKey, contentHit.Results, Fresh: false), true);
            }
        }

        var results = await WithSlotAsync(() => op.ExecAsync(inputResults, context, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (results is null || results.Count == 0)
        {
            throw new InvalidOperationException("The op returned no results.");
        }

        var now = clock.GetUtcNow();
        var resultKey = slowKey ?? fastKey;
        var record = new CacheRecord
        {
            Key = fastKey,
            ResultKey = resultKey,
            Results = [.. results.Select(CachedResult.From)],
            Description = vertex.Name,
            RecordType = map.RecordType,
            Created = now,
            LastUsed = now,
        };
        await cache.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        if (slowKey is { } contentKey)
        {
            await cache.SaveAsync(record with { Key = contentKey }, cancellationToken).ConfigureAwait(false);
        }

        return (new VertexOutcome(resultKey, results, Fresh: ignoreCache || freshInputs), false);
    }

    private async Task<(CacheRecord Record, IReadOnlyList<IResult> Results)?> TryLoadAsync(Digest key, CancellationToken cancellationToken)
    {
        var record = await cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Results.Count == 0)
        {
            return null;
        }

        var results = new List<IResult>(record.Results.Count);
        foreach (var cached in record.Results)
        {
            // A result that is gone (pruned, or never completed by a killed process) makes the record a miss.
            if (await resolver.Results.TryLoadAsync(cached, cancellationToken).ConfigureAwait(false) is not { } loaded)
            {
                return null;
            }

            results.Add(loaded);
        }

        await cache.MarkUsedAsync(key, cancellationToken).ConfigureAwait(false);
        return (record, results);
    }

    private async Task<T> WithSlotAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private static CacheMapInput InputMap(CacheMap map, int index) => map.Inputs.Count == 0 ? EmptyInput : map.Inputs[index];

    private static readonly CacheMapInput EmptyInput = new();

    private static IResult OutputOf(VertexOutcome input, Edge edge) =>
        edge.Output >= 0 && edge.Output < input.Results.Count
            ? input.Results[edge.Output]
            : throw new InvalidOperationException($"'{edge.Vertex.Name}' has {input.Results.Count} outputs; output {edge.Output} was asked for.");
}
