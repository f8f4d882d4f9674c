using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>A cache mount directory in use by one RUN; dispose to release its lock (and drop a private copy).</summary>
internal sealed class CacheMountLease(string path, StoreLock? held, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>A private copy, deleted on dispose.</summary>
    public bool IsTemporary { get; } = temporary;

    public void Dispose()
    {
        held?.Dispose();
        if (IsTemporary)
        {
            DirectoryTrees.Delete(Path);
        }
    }
}
