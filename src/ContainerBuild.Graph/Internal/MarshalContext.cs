using ContainerBuild.Oci;
using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Graph.Internal;

/// <summary>What an op needs while marshalling: its dependencies' digests and the default platform.</summary>
internal sealed class MarshalContext(Oci.Platform defaultPlatform, IReadOnlyDictionary<Vertex, Digest> digests)
{
    public Oci.Platform DefaultPlatform { get; } = defaultPlatform;

    public Input InputFor(Output output) => new() { Digest = digests[output.Vertex].ToString(), Index = output.Index };

    /// <summary>Adds <paramref name="output"/> to <paramref name="inputs"/> unless an equal input (digest and index) is there; returns its index.</summary>
    public long AddInput(IList<Input> inputs, Output output)
    {
        var input = InputFor(output);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Digest == input.Digest && inputs[i].Index == input.Index)
            {
                return i;
            }
        }

        inputs.Add(input);
        return inputs.Count - 1;
    }
}
