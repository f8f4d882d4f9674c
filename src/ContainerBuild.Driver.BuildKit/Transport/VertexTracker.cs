using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>The latest state of each vertex a status stream named, in first-seen order.</summary>
internal sealed class VertexTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Digest, int> _index = [];
    private readonly List<BuildKitVertex> _vertexes = [];

    /// <summary>The first vertex reported with an error, if any.</summary>
    public BuildKitVertex? Failed
    {
        get
        {
            lock (_gate)
            {
                return _vertexes.Find(v => v.Error is not null);
            }
        }
    }

    public IReadOnlyList<BuildKitVertex> Snapshot()
    {
        lock (_gate)
        {
            return [.. _vertexes];
        }
    }

    // BuildKit resends the whole vertex on every change, so the latest message wins.
    public void Add(BuildKitStatus status)
    {
        lock (_gate)
        {
            foreach (var vertex in status.Vertexes)
            {
                if (_index.TryGetValue(vertex.Digest, out var at))
                {
                    _vertexes[at] = vertex;
                }
                else
                {
                    _index[vertex.Digest] = _vertexes.Count;
                    _vertexes.Add(vertex);
                }
            }
        }
    }
}
