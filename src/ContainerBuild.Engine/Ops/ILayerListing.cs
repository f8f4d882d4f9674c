namespace ContainerBuild.Engine.Ops;

/// <summary>What one layer holds and what it deletes from the layers below, for lookups through a chain.</summary>
internal interface ILayerListing
{
    /// <summary>Where the layer's files are unpacked (its lower dir), to read contents from; null when only its tar has them.</summary>
    string? FilesDirectory { get; }

    /// <summary>What this layer says of <paramref name="path"/>: an entry, deleted, or nothing (look further down).</summary>
    (bool Decided, FsEntry? Entry) Lookup(string path);

    /// <summary>The paths of <paramref name="directory"/>'s children this layer names (entries and whiteouts), and whether it hides the layers below.</summary>
    (IReadOnlyList<string> Children, bool Opaque) List(string directory);

    bool IsWhiteout(string path);
}
