using System.Runtime.CompilerServices;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Fuzzing;

/// <summary>
/// The valid Dockerfiles under <c>Golden/</c>: together they use every instruction and most syntax. The golden test
/// checks what they parse to; the fuzzer mutates them.
/// </summary>
internal static class DockerfileCorpus
{
    public static string Directory { get; } = Path.Join(Path.GetDirectoryName(SourceFile())!, "..", "Golden");

    public static IReadOnlyList<string> Names { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.Dockerfile").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    public static IReadOnlyList<string> Files { get; } = [.. Names.Select(name => File.ReadAllText(Path.Join(Directory, name + ".Dockerfile")))];

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
