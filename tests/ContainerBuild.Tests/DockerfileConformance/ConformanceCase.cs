using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// One folder of the corpus: a Dockerfile and its context, built by us and by <c>docker build</c>. The Dockerfile's
/// <c># conformance:</c> comment lines say what the case covers (text) and how to build it (options, values without spaces):
/// <list type="bullet">
/// <item><c>--target NAME</c>, <c>--build-arg NAME=VALUE</c>, <c>--platform OS/ARCH</c>: as the build flags, for both builds;</item>
/// <item><c>--image-arg NAME=CASE</c>: the build arg NAME is the image docker built for the case CASE (pushed to the test registry);</item>
/// <item><c>--docker-file FILE</c>: docker builds FILE instead, the same image written without syntax BuildKit 0.8 lacks;</item>
/// <item><c>--ignore-content GLOB</c>: files whose bytes may differ between any two builds (logs with dates), compared in all but content.</item>
/// </list>
/// A <c># conformance-known-difference: WHY</c> line marks a difference that stays (a converter bug not fixed yet, or
/// BuildKit 0.8 behaving as later BuildKit no longer does): the case is skipped with WHY when the images still differ.
/// </summary>
public sealed record ConformanceCase
{
    private const string OptionPrefix = "# conformance:";
    private const string KnownDifferencePrefix = "# conformance-known-difference:";

    public required string Name { get; init; }

    public required string Directory { get; init; }

    public string Description { get; init; } = "";

    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> ImageArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? Platform { get; init; }

    public string? DockerFile { get; init; }

    public IReadOnlyList<string> IgnoreContent { get; init; } = [];

    public string? KnownDifference { get; init; }

    /// <summary>The corpus folder in the source tree (<c>CB_CONFORMANCE_CORPUS</c> points elsewhere, for trying out cases).</summary>
    public static string CorpusDirectory =>
        Environment.GetEnvironmentVariable("CB_CONFORMANCE_CORPUS") is { Length: > 0 } other
            ? other
            : Path.Combine(TestEnvironment.RepositoryRoot, "tests", "ContainerBuild.Tests", "DockerfileConformance", "Corpus");

    public static IReadOnlyList<ConformanceCase> All { get; } = LoadAll();

    public static ConformanceCase Get(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No corpus case {name} in {CorpusDirectory}.", nameof(name));

    private static List<ConformanceCase> LoadAll() =>
        [.. System.IO.Directory.EnumerateDirectories(CorpusDirectory).Order(StringComparer.Ordinal).Select(Load)];

    public static ConformanceCase Load(string directory)
    {
        var name = Path.GetFileName(directory);
        var description = new StringBuilder();
        var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var imageArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignore = new List<string>();
        string? target = null, platform = null, dockerFile = null, known = null;
        foreach (var line in File.ReadLines(Path.Combine(directory, "Dockerfile")))
        {
            if (line.StartsWith(KnownDifferencePrefix, StringComparison.Ordinal))
            {
                known = line[KnownDifferencePrefix.Length..].Trim();
                continue;
            }

            if (!line.StartsWith(OptionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var text = line[OptionPrefix.Length..].Trim();
            if (!text.StartsWith("--", StringComparison.Ordinal))
            {
                description.Append(description.Length == 0 ? "" : " ").Append(text);
                continue;
            }

            foreach (var (option, value) in Options(text, name))
            {
                switch (option)
                {
                    case "--target": target = value; break;
                    case "--platform": platform = value; break;
                    case "--docker-file": dockerFile = value; break;
                    case "--ignore-content": ignore.Add(value); break;
                    case "--build-arg": Add(buildArgs, value); break;
                    case "--image-arg": Add(imageArgs, value); break;
                    default: throw new FormatException($"{name}: unknown conformance option {option}.");
                }
            }
        }

        return new ConformanceCase
        {
            Name = name,
            Directory = directory,
            Description = description.ToString(),
            Target = target,
            Platform = platform,
            DockerFile = dockerFile,
            BuildArgs = buildArgs,
            ImageArgs = imageArgs,
            IgnoreContent = ignore,
            KnownDifference = known,
        };
    }

    private static IEnumerable<(string Option, string Value)> Options(string text, string name)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 2 != 0)
        {
            throw new FormatException($"{name}: every conformance option takes one value: {text}");
        }

        for (var i = 0; i < words.Length; i += 2)
        {
            yield return (words[i], words[i + 1]);
        }
    }

    private static void Add(Dictionary<string, string> into, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        into[assignment[..equals]] = assignment[(equals + 1)..];
    }

    /// <summary>
    /// A digest of everything in the case folder that decides docker's image: names, kinds, modes, contents and link
    /// targets, plus <paramref name="extra"/> (base image digests, build flags).
    /// </summary>
    public string ContentKey(IEnumerable<string> extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            Add(Path.GetRelativePath(Directory, path));
            Add(((int)info.UnixFileMode).ToString(CultureInfo.InvariantCulture));
            if (info.LinkTarget is { } link)
            {
                Add("link:" + link);
            }
            else if ((info.Attributes & FileAttributes.Directory) == 0)
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
        }

        foreach (var item in extra)
        {
            Add(item);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    public override string ToString() => Name;
}
