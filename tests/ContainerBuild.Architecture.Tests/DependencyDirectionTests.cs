using System.Xml.Linq;

namespace ContainerBuild.Architecture.Tests;

/// <summary>
/// Keeps the project references true to ../shared/DESIGN.md: arrows point down the pipeline,
/// never back up. A new project must be placed in <see cref="Allowed"/> before it can reference anything.
/// </summary>
public sealed class DependencyDirectionTests
{
    // Project -> the projects it may reference directly (DESIGN.md, "Projects and the direction of dependencies").
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ContainerBuild.Oci"] = [],
        ["ContainerBuild.Layers"] = ["ContainerBuild.Oci"],
        ["ContainerBuild.Registry"] = ["ContainerBuild.Oci"],
        ["ContainerBuild.Graph"] = ["ContainerBuild.Oci"],
        // The solver knows nothing of ours but the Digest type (which lives in Oci).
        ["ContainerBuild.Solver"] = ["ContainerBuild.Oci"],
        ["ContainerBuild.Frontend.Dockerfile"] = ["ContainerBuild.Graph", "ContainerBuild.Oci"],
        ["ContainerBuild.Driver.BuildKit"] = ["ContainerBuild.Graph", "ContainerBuild.Oci"],
        ["ContainerBuild.Engine"] =
            ["ContainerBuild.Solver", "ContainerBuild.Graph", "ContainerBuild.Registry", "ContainerBuild.Layers", "ContainerBuild.Oci"],
        ["ContainerBuild"] =
        [
            "ContainerBuild.Engine", "ContainerBuild.Solver", "ContainerBuild.Driver.BuildKit", "ContainerBuild.Frontend.Dockerfile",
            "ContainerBuild.Registry", "ContainerBuild.Layers", "ContainerBuild.Graph", "ContainerBuild.Oci",
        ],
        // Hosts are thin: they talk to the orchestration (and may name the OCI value types).
        ["ContainerBuild.Cli"] = ["ContainerBuild", "ContainerBuild.Oci"],
        ["ContainerBuild.Sdk"] = ["ContainerBuild", "ContainerBuild.Oci"],
    };

    public static TheoryData<string> ProductProjects() => [.. FindProductProjects().Select(ProjectName)];

    [Theory]
    [MemberData(nameof(ProductProjects))]
    public void References_point_only_down_the_pipeline(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed),
            $"{project} is not placed in the dependency rules; add it to {nameof(DependencyDirectionTests)}.{nameof(Allowed)} as DESIGN.md places it.");

        var wrong = ReferencesOf(project).Where(r => !allowed.Contains(r, StringComparer.Ordinal)).ToList();

        Assert.True(wrong.Count == 0,
            $"{project} references {string.Join(", ", wrong)}, against the direction in DESIGN.md (allowed: {string.Join(", ", allowed)}).");
    }

    [Fact]
    public void The_rules_have_no_cycles_and_name_only_real_projects()
    {
        var known = FindProductProjects().Select(ProjectName).ToHashSet(StringComparer.Ordinal);
        foreach (var (project, targets) in Allowed)
        {
            Assert.Contains(project, known);
            Assert.All(targets, t => Assert.Contains(t, known));
        }

        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in Allowed.Keys)
        {
            Visit(project);
        }

        void Visit(string node)
        {
            if (done.Contains(node))
            {
                return;
            }

            Assert.True(visiting.Add(node), $"The dependency rules have a cycle through {node}.");
            foreach (var next in Allowed[node])
            {
                Visit(next);
            }

            visiting.Remove(node);
            done.Add(node);
        }
    }

    [Fact]
    public void Every_library_has_a_test_project()
    {
        var testsRoot = Path.Combine(TestEnvironment.RepositoryRoot, "tests");
        var missing = FindProductProjects()
            .Select(ProjectName)
            .Where(p => !Directory.Exists(Path.Combine(testsRoot, p + ".Tests")))
            .ToList();

        Assert.True(missing.Count == 0, $"No test project for: {string.Join(", ", missing)} (expected tests/<Project>.Tests).");
    }

    private static IEnumerable<string> FindProductProjects()
    {
        var root = TestEnvironment.RepositoryRoot;
        return new[] { "src", "sdk" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> ReferencesOf(string project)
    {
        var path = FindProductProjects().Single(p => ProjectName(p) == project);
        return XDocument.Load(path)
            .Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => ProjectName(include.Replace('\\', '/')));
    }

    private static string ProjectName(string path) => Path.GetFileNameWithoutExtension(path);
}
