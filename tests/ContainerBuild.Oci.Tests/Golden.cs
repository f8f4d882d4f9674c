namespace ContainerBuild.Oci.Tests;

/// <summary>The golden JSON files beside the tests (copied to the output folder).</summary>
internal static class Golden
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));
}
