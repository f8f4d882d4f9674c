using ContainerBuild.Graph;

namespace ContainerBuild.DotNet;

/// <summary>
/// Puts one stage's <see cref="ContainerRunStep"/>s on a state, in order, each an exec op of its own (one layer each, as
/// Dockerfile RUNs make): <c>/bin/sh -c</c> with the image's env, as root unless the step names a user, named
/// <c>RUN &lt;command&gt;</c> in progress and in the image's history. The layers an exec writes are clamped to the
/// source date like every other layer.
/// </summary>
public static class ContainerRunGraph
{
    /// <param name="state">What the steps run on: the base image (before the app) or the image with the app's files.</param>
    /// <param name="steps">Every step; those of other stages are skipped.</param>
    /// <param name="stage">The stage to apply.</param>
    /// <param name="env">The image's env as it will be (<c>NAME=value</c>), which every step sees.</param>
    /// <param name="workingDirectory">Where a step without a <see cref="ContainerRunStep.WorkingDirectory"/> runs.</param>
    /// <param name="namePrefix">Put before each step's name (the platform, when there are several).</param>
    /// <exception cref="InvalidContainerRunException">A step with an empty command or a mount it cannot have.</exception>
    public static State Apply(State state, IEnumerable<ContainerRunStep> steps, ContainerRunStage stage, IReadOnlyList<string> env, string workingDirectory, string namePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        foreach (var step in steps.Where(s => s.Stage == stage))
        {
            if (string.IsNullOrWhiteSpace(step.Command))
            {
                throw new InvalidContainerRunException(step.Command ?? "", ContainerRunSetting.Command, step.Command ?? "", "empty");
            }

            var directory = step.WorkingDirectory ?? workingDirectory;
            state = state.Run(new RunOptions
            {
                Args = ["/bin/sh", "-c", step.Command],
                Env = env,
                WorkingDir = directory,
                User = step.User ?? ContainerRunStep.DefaultUser,
                Network = step.Network,
                Mounts = [.. step.Mounts.Select(m => ContainerRunMounts.ToExecMount(step.Command, m, directory))],
                Op = new OpOptions { CustomName = $"{namePrefix}RUN {step.Command}" },
            }).Root;
        }

        return state;
    }
}
