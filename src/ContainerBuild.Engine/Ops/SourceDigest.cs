using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// The content digest of what a copy selects from a filtered local directory (one whose source has patterns), from
/// names, types, modes, sizes, link targets and data, never times. Uncached: the checksummer serves unfiltered trees.
/// </summary>
internal static class SourceDigest
{
    public static Digest Compute(SourceTree tree, FileActionCopy copy, string step)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var src = FsPaths.Clean(copy.Src);
        IReadOnlyList<string> matches = copy.AllowWildcard && FsPaths.HasWildcard(src) ? tree.Expand(src) : [src];
        foreach (var match in matches)
        {
            var resolved = tree.Resolve(match, copy.FollowSymlink);
            var entry = tree.Lookup(resolved);
            if (entry is null)
            {
                if (copy.AllowWildcard && FsPaths.HasWildcard(src))
                {
                    continue;
                }

                throw new CopySourceNotFoundException(step, copy.Src, tree.Description);
            }

            Append(hash, match, entry, tree.FullPath(resolved));
            if (entry.IsDirectory)
            {
                foreach (var below in tree.Walk(resolved, copy.IncludePatterns, copy.ExcludePatterns))
                {
                    Append(hash, FsPaths.Join(match, below.Path), below.Entry, below.FullPath);
                }
            }
        }

        return Digest.FromSha256Hash(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string path, FsEntry entry, string fullPath)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"{path}\0{entry.Type}\0{entry.Mode}\0{entry.LinkTarget}\0");
        hash.AppendData(Encoding.UTF8.GetBytes(header));
        if (entry.Type == FsEntryType.File)
        {
            using var file = File.OpenRead(fullPath);
            hash.AppendData(SHA256.HashData(file));
        }
    }
}
