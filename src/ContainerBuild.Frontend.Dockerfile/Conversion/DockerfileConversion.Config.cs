using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>The instructions that change the image config (and WORKDIR, which also makes its directory).</summary>
internal sealed partial class DockerfileConversion
{
    private void DispatchConfig(StageDispatch stage, Instruction command)
    {
        switch (command)
        {
            case EnvInstruction env:
                // Every pair expands against the env before the instruction, as Docker does (ENV a=1 b=$a sees the old a).
                var pairs = env.Variables.Select(v => (Key: Expand(stage, v.Key, env.Location), Value: Expand(stage, v.Value, env.Location))).ToList();
                foreach (var (key, value) in pairs)
                {
                    stage.Env.Set(key, value);
                    stage.State = stage.State.WithEnv(key, value);
                }

                break;
            case LabelInstruction label:
                var labels = label.Labels.Select(l => (Key: Expand(stage, l.Key, label.Location), Value: Expand(stage, l.Value, label.Location))).ToList();
                foreach (var (key, value) in labels)
                {
                    stage.State = stage.State.WithLabel(key, value);
                }

                break;
            case WorkdirInstruction workdir:
                DispatchWorkdir(stage, workdir);
                break;
            case UserInstruction user:
                stage.State = stage.State.WithUser(Expand(stage, user.User, user.Location));
                break;
            case ExposeInstruction expose:
                foreach (var port in expose.Ports.SelectMany(p => ExpandWords(stage, p, expose.Location)).SelectMany(p => PortSpecs.Parse(p, expose.Location)))
                {
                    stage.State = stage.State.WithExposedPort(port);
                }

                break;
            case VolumeInstruction volume:
                foreach (var raw in volume.Volumes)
                {
                    var path = Expand(stage, raw, volume.Location);
                    stage.State = path.Length > 0
                        ? stage.State.WithVolume(path)
                        : throw new DockerfileParseException(volume.Location, "VOLUME specified can not be an empty string");
                }

                break;
            case StopSignalInstruction stopSignal:
                stage.State = stage.State.WithStopSignal(Expand(stage, stopSignal.Signal, stopSignal.Location));
                break;
            case HealthcheckInstruction healthcheck:
                stage.State = stage.State.WithHealthcheck(healthcheck.ToHealthCheck());
                break;
            case ShellInstruction shell:
                stage.State = stage.State.WithShell([.. shell.Shell]);
                break;
            case CmdInstruction cmd:
                stage.State = stage.State.WithCmd([.. CommandArgs(stage, cmd.Command)]).WithMetadata(m => m with { ArgsEscaped = true }); // as BuildKit does for every CMD
                stage.CmdSet = true;
                break;
            case EntrypointInstruction entrypoint:
                stage.State = stage.State.WithEntrypoint([.. CommandArgs(stage, entrypoint.Command)]);
                if (!stage.CmdSet)
                {
                    stage.State = stage.State.WithCmd(null); // an ENTRYPOINT drops the CMD it inherits, not one set in its own stage
                }

                break;
            case MaintainerInstruction maintainer:
                stage.State = stage.State.WithMetadata(m => m with { Author = Expand(stage, maintainer.Maintainer, maintainer.Location) });
                break;
            case OnbuildInstruction onbuild:
                stage.State = stage.State.WithOnBuild(onbuild.Expression);
                break;
            default:
                throw new DockerfileParseException(command.Location, $"{command.Keyword} is not supported by the converter");
        }
    }

    // WORKDIR resolves against the one before and creates the directory, owned by the USER, as BuildKit does.
    private void DispatchWorkdir(StageDispatch stage, WorkdirInstruction workdir)
    {
        stage.State = stage.State.WithWorkingDir(Expand(stage, workdir.Path, workdir.Location));
        var directory = stage.State.Metadata.WorkingDir ?? "/";
        if (directory == "/")
        {
            return;
        }

        var owner = stage.State.Metadata.User is { Length: > 0 } user ? FileOwner.Parse(user) : null;
        var name = OpNames.Prefix(stage, OpNames.Uppercase(OpNames.Expanded(displayExpander, workdir.Original, stage.Env.Get)), prefixPlatform, stage.Env.Get);
        stage.State = stage.State.File(
            FileActions.Mkdir(directory, 0x1ed, new MkdirOptions { MakeParents = true, Owner = owner }),
            StepOptions(stage, name, command: null));
    }

    /// <summary>A CMD, ENTRYPOINT or RUN command line: the shell form runs through the stage's SHELL (default <c>/bin/sh -c</c>).</summary>
    private static IReadOnlyList<string> CommandArgs(StageDispatch stage, CommandLine command) =>
        command.PrependShell ? [.. Shell(stage), string.Join(' ', command.Arguments)] : command.Arguments;

    private static IReadOnlyList<string> Shell(StageDispatch stage) =>
        stage.State.Metadata.Shell is { Length: > 0 } shell ? [.. shell] : ["/bin/sh", "-c"];
}
