using ContainerBuild.Testing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Fuzzing;

/// <summary>
/// The valid Dockerfiles under <c>Golden/</c>: together they use every instruction and most syntax. The golden test
/// checks what they parse to; the fuzzer mutates them.
/// </summary>
internal static class DockerfileCorpus
{
    // From the repository, not [CallerFilePath]: CI builds map source paths to /_/.
    public static string Directory { get; } = Path.Join(TestEnvironment.RepositoryRoot, "tests", "ContainerBuild.Frontend.Dockerfile.Tests", "Golden");

    public static IReadOnlyList<string> Names { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.Dockerfile").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    public static IReadOnlyList<string> Files { get; } = [.. Names.Select(name => File.ReadAllText(Path.Join(Directory, name + ".Dockerfile")))];
}
