namespace ContainerBuild.Engine.Tests.Store;

/// <summary>What a test sees on disk under a store root.</summary>
internal static class StoreFolders
{
    public static string[] Blobs(string root) => Files(Path.Combine(root, "blobs"));

    public static string[] Ingest(string root) => Files(Path.Combine(root, "ingest"));

    private static string[] Files(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
}
