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
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(request.Environment).Root);
        var plan = await ContainerizedPlanner.PlanAsync(request, store, cancellationToken).ConfigureAwait(false);
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
                LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerizedGraph.ContextName] = plan.Context.Root },
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
}

/// <summary>What a containerized build made: its plan and the build's result.</summary>
public sealed record ContainerizedBuildResult(ContainerizedPlan Plan, BuildResult Build);
