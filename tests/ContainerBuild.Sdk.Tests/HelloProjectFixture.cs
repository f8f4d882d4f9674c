namespace ContainerBuild.Sdk.Tests;

/// <summary>One copy of samples/Hello (brought in with <c>&lt;Sdk Name=.../&gt;</c>) shared by a class's publishes, so each after the first is incremental.</summary>
public sealed class HelloProjectFixture : IDisposable
{
    private readonly Lazy<SdkProject> project = new(() => SdkProject.FromSample("Hello", SdkReference.SdkElement));

    public SdkProject Project => project.Value;

    public void Dispose()
    {
        if (project.IsValueCreated)
        {
            project.Value.Dispose();
        }
    }
}
