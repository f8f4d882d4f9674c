using ContainerBuild.Build;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// Builds a project inside containers (issue 8): plans it (<see cref="ContainerizedPlanner"/>), turns the plan into one
/// graph per target platform (<see cref="ContainerizedGraph"/>) and solves and exports them through
/// <see cref="BuildService"/>, with the derived secrets (CA bundle, NuGet credentials, npm token) and the proxy
/// variables passed to RUN steps only.
/// </summary>
public sealed class ContainerizedBuildService
{
    private readonly TimeProvider clock;

    public ContainerizedBuildService(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <summary>The plan alone: what <c>dotnet containerbuild dockerfile</c> prints.</summary>
    public static Task<ContainerizedPlan> PlanAsync(ContainerizedBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(request.Environment).Root);
        return ContainerizedPlanner.PlanAsync(request, store, cancellationToken);
    }

    public async Task<ContainerizedBuildResult> BuildAsync(ContainerizedBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = await PlanAsync(request, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(plan, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds a plan made from <paramref name="request"/> (<see cref="PlanAsync"/>) to the request's outputs.</summary>
    public async Task<ContainerizedBuildResult> BuildAsync(ContainerizedPlan plan, ContainerizedBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(request.Environment).Root);
        var several = plan.Targets.Count > 1;
        var targets = plan.Targets.Select(t => BuildTarget.FromState(ContainerizedGraph.For(plan, t, several), t.Platform)).ToList();

        var secrets = new Dictionary<string, Engine.Ops.Exec.SecretSource>(request.Exec.Secrets, StringComparer.Ordinal);
        foreach (var (id, source) in plan.Trust.Secrets())
        {
            secrets.TryAdd(id, source);
        }

        var exec = request.Exec with
        {
            Secrets = secrets,
            Proxy = request.Exec.Proxy ?? ProxyEnvironment.FromEnvironment(request.Environment),
        };
        var build = await new BuildService(clock).BuildAsync(
            new BuildRequest
            {
                Targets = targets,
                LocalDirs = LocalDirsOf(plan),
                Outputs = request.Outputs,
                NoCache = request.NoCache,
                Progress = request.Progress,
                ProgressOutput = request.ProgressOutput,
                ProgressIsConsole = request.ProgressIsConsole,
                ProgressSink = request.ProgressSink,
                StoreRoot = store.Root,
                Environment = request.Environment,
                SourceDate = plan.SourceDate,
                Exec = exec,
                StandardOutput = request.StandardOutput,
            },
            cancellationToken).ConfigureAwait(false);
        return new ContainerizedBuildResult(plan, build);
    }

    // The context, and each local NuGet feed by its own name.
    private static Dictionary<string, string> LocalDirsOf(ContainerizedPlan plan)
    {
        var dirs = new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerizedGraph.ContextName] = plan.Context.Root };
        for (var i = 0; i < plan.Context.LocalFeeds.Count; i++)
        {
            dirs[ContainerizedGraph.FeedName(i)] = plan.Context.LocalFeeds[i].HostPath;
        }

        return dirs;
    }
}

/// <summary>What a containerized build made: its plan and the build's result.</summary>
public sealed record ContainerizedBuildResult(ContainerizedPlan Plan, BuildResult Build);
