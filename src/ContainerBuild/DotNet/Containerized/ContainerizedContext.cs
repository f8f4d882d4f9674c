namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// The build context of a containerized build as an include list, never the whole repository: the project folders
/// (the project's and its references'), and the files around them that restore reads (<c>Directory.Build.props</c>/
/// <c>.targets</c>, <c>Directory.Packages.props</c>, <c>NuGet.config</c>, <c>global.json</c>) found walking up to the
/// repository root (the folder holding <c>.git</c>, else the filesystem root). Paths are relative to <see cref="Root"/>,
/// the deepest folder holding them all, which maps to <c>/src</c> in the build stage.
/// </summary>
/// <param name="Root">The context folder on the host.</param>
/// <param name="ProjectDirectories">Each project's folder, relative to the root (<c>.</c> for the root itself).</param>
/// <param name="ProjectFiles">The project files, relative; the first is the project built.</param>
/// <param name="SettingsFiles">The files around the projects that restore reads, relative.</param>
/// <param name="FrontEndDirectories">Folders holding a <c>package.json</c> and <c>package-lock.json</c> (the project's, or its <c>ClientApp/</c>), relative.</param>
/// <param name="FrontEndFiles">What the front-end build reads besides the package files, relative: the project's
/// <c>FrontEndSource</c> items, else every file of the front-end folders but .NET sources and outputs, so a change in
/// the app's code never re-runs the front end.</param>
public sealed record ContainerizedContext(
    string Root,
    IReadOnlyList<string> ProjectDirectories,
    IReadOnlyList<string> ProjectFiles,
    IReadOnlyList<string> SettingsFiles,
    IReadOnlyList<string> FrontEndDirectories,
    IReadOnlyList<string> FrontEndFiles)
{
    /// <summary>Folders never sent: build outputs and installed node packages.</summary>
    public static readonly IReadOnlyList<string> ExcludedFolders = ["bin", "obj", "node_modules"];

    // Files of a front-end folder that belong to the .NET build, not the front end's (when no FrontEndSource says).
    private static readonly string[] DotNetSourceExtensions = [".cs", ".fs", ".vb", ".csproj", ".fsproj", ".vbproj", ".razor", ".cshtml", ".user"];

    // Files MSBuild reads only the nearest of, unless that one imports the next one up.
    private static readonly string[] NearestFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"];

    /// <summary>The local folder package sources of the context's NuGet.config files, which the restore step mounts.</summary>
    public IReadOnlyList<ContainerizedFeed> LocalFeeds { get; init; } = [];

    /// <summary>The project built, relative to the root, with forward slashes.</summary>
    public string Project => ProjectFiles[0];

    /// <summary>What the restore step needs: project files and settings.</summary>
    public IReadOnlyList<string> RestoreIncludes => [.. ProjectFiles, .. SettingsFiles];

    /// <summary>
    /// What <c>npm ci</c> needs: each front end's <c>package.json</c> and <c>package-lock.json</c>, and its <c>.npmrc</c>
    /// when it has one (registries, and <c>${NPM_TOKEN}</c> for the token the step gets as a secret).
    /// </summary>
    public IReadOnlyList<string> FrontEndPackageFiles =>
        [.. FrontEndDirectories.SelectMany(d => PackageFilesOf(Path.Combine(Root, d)).Select(f => Join(d, Path.GetFileName(f))))];

    /// <summary>Where the front-end build writes what the app serves: the project's <c>wwwroot</c>, relative.</summary>
    public string FrontEndOutput => Join(ProjectDirectories[0], "wwwroot");

    /// <summary>What the publish step needs: the project folders and the settings.</summary>
    public IReadOnlyList<string> SourceIncludes => [.. ProjectDirectories, .. SettingsFiles];

    /// <summary>Patterns that keep build outputs and node_modules out at any depth.</summary>
    public IReadOnlyList<string> SourceExcludes => [.. ExcludedFolders.Select(f => "**/" + f)];

    public static ContainerizedContext For(ContainerizedProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var projects = new List<string> { project.ProjectPath };
        projects.AddRange(project.ProjectReferences);
        var directories = projects.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal).ToList();
        var repositoryRoot = RepositoryRoot(directories[0]);

        var settings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            foreach (var name in NearestFiles)
            {
                foreach (var found in FindUpward(directory, repositoryRoot, name, nearestOnly: true))
                {
                    settings.Add(found);
                }
            }

            // NuGet merges every NuGet.config from the project's folder up to the root.
            foreach (var found in FindUpward(directory, repositoryRoot, "nuget.config", nearestOnly: false))
            {
                settings.Add(found);
            }
        }

        var frontEnds = new List<string>();
        var projectDirectory = directories[0];
        foreach (var candidate in (string[])[projectDirectory, Path.Combine(projectDirectory, "ClientApp")])
        {
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                frontEnds.Add(candidate);
            }
        }

        var packageFiles = frontEnds.SelectMany(PackageFilesOf).ToHashSet(StringComparer.Ordinal);
        var frontEndFiles = frontEnds.Count == 0 ? []
            : project.FrontEndSources.Count > 0 ? project.FrontEndSources.Where(File.Exists)
            : frontEnds.SelectMany(FrontEndFilesOf);
        var everything = directories.Concat(settings.Select(s => Path.GetDirectoryName(s)!)).ToList();
        var root = CommonAncestor(everything);
        List<string> settingsFiles = [.. settings.Select(s => Relative(root, s))];
        return new ContainerizedContext(
            root,
            [.. directories.Select(d => Relative(root, d))],
            [.. projects.Select(p => Relative(root, p))],
            settingsFiles,
            [.. frontEnds.Select(d => Relative(root, d))],
            [.. frontEndFiles.Where(f => !packageFiles.Contains(f)).Select(f => Relative(root, f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
        {
            LocalFeeds = ContainerizedFeed.Find(root, settingsFiles),
        };
    }

    // The files npm ci reads in a front-end folder: the package and its lock file, and .npmrc when there is one.
    private static IEnumerable<string> PackageFilesOf(string directory) =>
        ((string[])["package.json", "package-lock.json", ".npmrc"]).Select(n => Path.Combine(directory, n)).Where(f => !f.EndsWith("/.npmrc", StringComparison.Ordinal) || File.Exists(f));

    /// <summary>The folder holding <c>.git</c> above <paramref name="directory"/>, else the filesystem root.</summary>
    public static string RepositoryRoot(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                return current.FullName;
            }
        }

        return Path.GetPathRoot(Path.GetFullPath(directory))!;
    }

    public static string Join(string directory, string name) => directory == "." ? name : directory + "/" + name;

    // The file named `name` (any case) in each folder from `directory` up to `stop`; with nearestOnly, the first one and
    // then the next only while the found one imports its parent's (GetPathOfFileAbove / GetDirectoryNameOfFileAbove).
    private static IEnumerable<string> FindUpward(string directory, string stop, string name, bool nearestOnly)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var file = current.EnumerateFiles().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (file is not null)
            {
                yield return file.FullName;
                if (nearestOnly && !ImportsAbove(file.FullName))
                {
                    yield break;
                }
            }

            if (string.Equals(current.FullName.TrimEnd('/'), stop.TrimEnd('/'), StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }

    // Every file under a front-end folder but outputs, node_modules, the front end's output and .NET sources.
    private static IEnumerable<string> FrontEndFilesOf(string directory)
    {
        var skipped = ExcludedFolders.Append("wwwroot").Append("Properties").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(directory)]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in current.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo folder)
                {
                    if (!skipped.Contains(folder.Name) && !folder.Name.StartsWith('.') && !IsProjectFolder(folder))
                    {
                        pending.Push(folder);
                    }
                }
                else if (!DotNetSourceExtensions.Contains(entry.Extension, StringComparer.OrdinalIgnoreCase))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    // A nested folder with its own project belongs to that project.
    private static bool IsProjectFolder(DirectoryInfo folder) => folder.EnumerateFiles("*.*proj").Any();

    private static bool ImportsAbove(string file)
    {
        var text = File.ReadAllText(file);
        return text.Contains("GetPathOfFileAbove", StringComparison.OrdinalIgnoreCase) || text.Contains("GetDirectoryNameOfFileAbove", StringComparison.OrdinalIgnoreCase);
    }

    private static string CommonAncestor(IReadOnlyList<string> directories)
    {
        var common = directories[0].TrimEnd('/');
        foreach (var directory in directories.Skip(1))
        {
            while (!(directory.TrimEnd('/') + "/").StartsWith(common + "/", StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? "/";
                if (common == "/")
                {
                    return "/";
                }
            }
        }

        return common.Length == 0 ? "/" : common;
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative.Length == 0 ? "." : relative;
    }
}
