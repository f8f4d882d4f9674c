using System.Xml;
using System.Xml.Linq;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// A local folder package source that a <c>NuGet.config</c> of the context names (<c>&lt;add value="../feed" /&gt;</c> or an
/// absolute path): the build stage has no such folder, so the restore step mounts it read-only where NuGet there looks
/// for it — the same absolute path, or the relative one resolved from where the config file lands under <c>/src</c>.
/// </summary>
/// <param name="HostPath">The folder on the host.</param>
/// <param name="ContainerPath">Where the restore step mounts it.</param>
public sealed record ContainerizedFeed(string HostPath, string ContainerPath)
{
    /// <summary>The existing local folder sources named by the context's NuGet.config files, in order, each once.</summary>
    /// <param name="root">The context root (maps to <c>/src</c>).</param>
    /// <param name="settingsFiles">The context's settings files, relative to the root (the NuGet.config files among them are read).</param>
    /// <exception cref="ContainerizedBuildException">A NuGet.config that is not XML.</exception>
    public static IReadOnlyList<ContainerizedFeed> Find(string root, IEnumerable<string> settingsFiles)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(settingsFiles);
        var feeds = new List<ContainerizedFeed>();
        foreach (var relative in settingsFiles.Where(f => string.Equals(Path.GetFileName(f), "nuget.config", StringComparison.OrdinalIgnoreCase)))
        {
            var file = Path.Combine(root, relative);
            var directory = Path.GetDirectoryName(relative)!.Replace('\\', '/');
            foreach (var value in SourceValues(file))
            {
                if (!IsLocal(value, out var path))
                {
                    continue;
                }

                var host = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                var inContainer = Path.IsPathRooted(path)
                    ? UnixPath.Clean(path)
                    : UnixPath.Clean($"{ContainerizedPlan.SourceDirectory}/{directory}/{path.Replace('\\', '/')}");
                if (Directory.Exists(host) && !feeds.Any(f => string.Equals(f.ContainerPath, inContainer, StringComparison.Ordinal)))
                {
                    feeds.Add(new ContainerizedFeed(host, inContainer));
                }
            }
        }

        return feeds;
    }

    private static IEnumerable<string> SourceValues(string file)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(file);
        }
        catch (XmlException e)
        {
            throw new ContainerizedBuildException($"{file} is not a NuGet.config NuGet can read ({e.Message}): fix the XML.", e);
        }

        return document.Root?.Elements().Where(e => string.Equals(e.Name.LocalName, "packageSources", StringComparison.OrdinalIgnoreCase))
            .SelectMany(s => s.Elements().Where(e => string.Equals(e.Name.LocalName, "add", StringComparison.OrdinalIgnoreCase)))
            .Select(e => e.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, "value", StringComparison.OrdinalIgnoreCase))?.Value.Trim() ?? "")
            .Where(v => v.Length > 0)
            .ToList() ?? [];
    }

    // A folder path or a file: URI; http(s) sources are reached over the network as they are.
    private static bool IsLocal(string value, out string path)
    {
        path = value;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile)
        {
            return false;
        }

        if (uri is { IsFile: true } && value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            path = uri.LocalPath;
        }

        return true;
    }
}
