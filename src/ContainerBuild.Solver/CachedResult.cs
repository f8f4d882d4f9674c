using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>What a cache record keeps of one output: its id, size and blobs.</summary>
public sealed record CachedResult(string Id, long Size, IReadOnlyList<Descriptor> Blobs)
{
    public static CachedResult From(IResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CachedResult(result.Id, result.Size, result.Blobs);
    }
}
