using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// One stage while it is converted (BuildKit's dispatchState): the state so far (filesystem plus image metadata),
/// the LLB env RUN steps get, the platform, and the numbering of its ops for progress.
/// </summary>
internal sealed class StageDispatch
{
    public StageDispatch(string displayName, Platform platform, State state, EnvList env)
    {
        DisplayName = displayName;
        Platform = platform;
        State = state;
        Env = env;
    }

    /// <summary>The stage's name for progress: its AS name, <c>stage-N</c> in a multi-stage file, or empty.</summary>
    public string DisplayName { get; }

    public Platform Platform { get; }

    /// <summary>The filesystem and, in its metadata, the image config so far.</summary>
    public State State { get; set; }

    public EnvList Env { get; }

    /// <summary>How many of the stage's commands make an op (FROM of an image, RUN, COPY, ADD, WORKDIR).</summary>
    public int CommandTotal { get; set; }

    /// <summary>The number the last named op took.</summary>
    public int CommandIndex { get; set; }

    /// <summary>A CMD was set in this stage (an ENTRYPOINT then keeps it).</summary>
    public bool CmdSet { get; set; }

    /// <summary>Named by <c>--no-cache-filter</c>: its ops run even when cached.</summary>
    public bool IgnoreCache { get; init; }

    /// <summary>The commands to run, ONBUILD triggers of the base image first.</summary>
    public IReadOnlyList<Instruction> Commands { get; set; } = [];

    /// <summary>Whether the command makes an op that progress numbers (BuildKit counts exactly these).</summary>
    public static bool MakesOp(Instruction instruction) =>
        instruction is RunInstruction or CopyInstruction or AddInstruction or WorkdirInstruction;
}
