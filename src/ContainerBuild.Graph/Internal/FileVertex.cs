namespace ContainerBuild.Graph.Internal;

/// <summary>
/// A file op: a chain of actions bound to the state it runs on. Marshals as BuildKit's
/// <c>FileOp.Marshal</c>: inputs deduplicated by digest and index in the order the chain meets them,
/// an action reading an earlier action's result names it as <c>len(inputs) + k</c>, and only the
/// last action has an output (0).
/// </summary>
internal sealed class FileVertex(State target, FileAction action, OpOptions options) : Vertex(options)
{
    public override IEnumerable<Output> Dependencies
    {
        get
        {
            var outputs = new List<Output>();
            Traverse(output =>
            {
                outputs.Add(output);
                return outputs.Count - 1;
            });
            return outputs;
        }
    }

    public override IEnumerable<string> Caps => [LlbCaps.FileBase];

    public override Vertex WithOptions(OpOptions options) => new FileVertex(target, action, options);

    public override Pb.Op ToOp(MarshalContext context)
    {
        var op = PbConvert.NewOp(platform: null); // a file op is not platform specific
        var file = new Pb.FileOp();
        op.File = file;
        var states = Traverse(output => context.AddInput(op.Inputs, output));
        var inputCount = op.Inputs.Count;
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            var wire = new Pb.FileAction
            {
                Input = state.InputRelative is { } input ? inputCount + input : state.Input,
                SecondaryInput = state.SecondaryRelative is { } secondary ? inputCount + secondary : state.Secondary,
                Output = i == states.Count - 1 ? 0 : -1,
            };
            state.Action.Spec.WriteTo(wire, state.Bound.Metadata.WorkingDir, state.Base);
            file.Actions.Add(wire);
        }

        return op;
    }

    private List<ActionState> Traverse(Func<Output, long> addInput)
    {
        var visited = new Dictionary<(FileAction, object), ActionState>();
        var ordered = new List<ActionState>();
        Add(action, target, this);
        return ordered;

        ActionState Add(FileAction current, State bound, object binding)
        {
            if (visited.TryGetValue((current, binding), out var existing))
            {
                return existing;
            }

            var previous = current.Previous is { } parent ? Add(parent, bound, binding) : null;
            var state = new ActionState(current, bound);
            if (bound.Output is { } baseOutput)
            {
                state.Base = addInput(baseOutput);
            }

            if (previous is null)
            {
                state.Input = state.Base;
            }
            else
            {
                state.InputRelative = previous.Target;
            }

            if (current.Spec is CopySpec copy)
            {
                if (copy.From.Chain is { } chain)
                {
                    state.SecondaryRelative = Add(chain, copy.From.State, copy.From).Target;
                }
                else if (copy.From.State.Output is { } source)
                {
                    state.Secondary = addInput(source);
                }
            }

            state.Target = ordered.Count;
            visited[(current, binding)] = state;
            ordered.Add(state);
            return state;
        }
    }

    private sealed class ActionState(FileAction action, State bound)
    {
        public FileAction Action { get; } = action;

        public State Bound { get; } = bound;

        public long Base { get; set; } = -1;

        public long Input { get; set; } = -1;

        public int? InputRelative { get; set; }

        public long Secondary { get; set; } = -1;

        public int? SecondaryRelative { get; set; }

        public int Target { get; set; }
    }
}
