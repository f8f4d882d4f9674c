[assembly: AssemblyFixture(typeof(ContainerBuild.Tests.DotNet.PublishArtifacts))]

namespace ContainerBuild.Tests.DotNet;

/// <summary>Removes this run's publish artifacts (obj/, bin/, publish folders) once every test is done; a kept folder stays.</summary>
public sealed class PublishArtifacts : IDisposable
{
    public void Dispose()
    {
        if (PublishedApp.KeptArtifactsRoot is null && Directory.Exists(PublishedApp.ArtifactsRoot))
        {
            try
            {
                Directory.Delete(PublishedApp.ArtifactsRoot, recursive: true);
            }
            catch (IOException)
            {
                // Best effort, as TempDirectory: leftovers in /tmp must not fail the run.
            }
        }
    }
}
