using System.Text;
using System.Text.RegularExpressions;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>The differences between docker's image and ours, one line each: paths only one holds, paths that differ, config lines.</summary>
public static class ImageComparison
{
    public static IReadOnlyList<string> Compare(ImageSnapshot docker, ImageSnapshot ours, IReadOnlyList<string> ignoreContent)
    {
        var ignored = ignoreContent.Select(Glob).ToList();
        FileNode Comparable(FileNode node) => ignored.Any(g => g.IsMatch(node.Path)) ? node.WithoutContent() : node;

        var differences = new List<string>();
        foreach (var path in docker.Files.Keys.Union(ours.Files.Keys).Order(StringComparer.Ordinal))
        {
            var inDocker = docker.Files.TryGetValue(path, out var theirs);
            var inOurs = ours.Files.TryGetValue(path, out var mine);
            if (!inOurs)
            {
                differences.Add($"only docker: {theirs}   [{docker.StepOf(path)}]");
            }
            else if (!inDocker)
            {
                differences.Add($"only ours:   {mine}   [{ours.StepOf(path)}]");
            }
            else if (Comparable(theirs!) != Comparable(mine!))
            {
                differences.Add($"differs:     docker {theirs}   [{docker.StepOf(path)}]\n             ours   {mine}   [{ours.StepOf(path)}]");
            }
        }

        differences.AddRange(docker.Config.Except(ours.Config, StringComparer.Ordinal).Select(l => $"config only docker: {l}"));
        differences.AddRange(ours.Config.Except(docker.Config, StringComparer.Ordinal).Select(l => $"config only ours:   {l}"));
        return differences;
    }

    /// <summary>The differences as a message: the first <paramref name="max"/> lines and how many more there are.</summary>
    public static string Report(IReadOnlyList<string> differences, int max = 80)
    {
        var text = new StringBuilder();
        foreach (var line in differences.Take(max))
        {
            text.Append("  ").AppendLine(line);
        }

        if (differences.Count > max)
        {
            text.Append("  ... and ").Append(differences.Count - max).AppendLine(" more");
        }

        return text.ToString();
    }

    /// <summary>A path glob: <c>**</c> crosses folders, <c>*</c> and <c>?</c> do not.</summary>
    public static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
