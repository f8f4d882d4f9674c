using System.Globalization;
using System.Text;
using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Resolves a RUN's <c>user[:group]</c> against the root filesystem's /etc/passwd and /etc/group, with the rules of
/// runc's <c>GetExecUser</c> that BuildKit uses: a number stands for itself, a name must exist, the primary group
/// comes from the passwd entry, and supplementary groups are those listing the user, unless a group was named.
/// </summary>
public static class UserResolver
{
    /// <exception cref="ExecUserNotFoundException">A name is in neither file.</exception>
    public static ExecUser Resolve(string rootfs, string? spec)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        if (string.IsNullOrEmpty(spec))
        {
            return ExecUser.Root;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? spec : spec[..colon];
        var groupPart = colon < 0 ? "" : spec[(colon + 1)..];

        var passwd = ReadEntries(rootfs, "etc/passwd");
        var userIsNumber = TryId(userPart, out var uidArg);
        var entry = passwd.FirstOrDefault(fields => fields.Length >= 4 && (userIsNumber ? TryId(fields[2], out var u) && u == uidArg : fields[0] == userPart));
        uint uid;
        uint gid = 0;
        string? name = null;
        if (entry is not null && TryId(entry[2], out var foundUid) && TryId(entry[3], out var foundGid))
        {
            (uid, gid, name) = (foundUid, foundGid, entry[0]);
        }
        else if (userIsNumber)
        {
            uid = uidArg;
        }
        else
        {
            throw new ExecUserNotFoundException(userPart, isGroup: false);
        }

        if (groupPart.Length == 0 && name is null)
        {
            return new ExecUser(uid, gid, []);
        }

        var groups = ReadEntries(rootfs, "etc/group").Where(fields => fields.Length >= 3).ToList();
        if (groupPart.Length > 0)
        {
            if (TryId(groupPart, out var gidArg))
            {
                return new ExecUser(uid, gidArg, []);
            }

            var group = groups.FirstOrDefault(fields => fields[0] == groupPart && TryId(fields[2], out _))
                ?? throw new ExecUserNotFoundException(groupPart, isGroup: true);
            TryId(group[2], out var namedGid);
            return new ExecUser(uid, namedGid, []);
        }

        var supplementary = new List<uint>();
        foreach (var fields in groups)
        {
            if (fields.Length >= 4 && fields[3].Split(',').Contains(name, StringComparer.Ordinal) && TryId(fields[2], out var member) && !supplementary.Contains(member))
            {
                supplementary.Add(member);
            }
        }

        return new ExecUser(uid, gid, supplementary);
    }

    private static bool TryId(string text, out uint id) => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    /// <summary>The colon-separated lines of a file in the root filesystem (symlinks followed inside it); none when it is missing.</summary>
    private static List<string[]> ReadEntries(string rootfs, string path)
    {
        var file = Path.Join(rootfs, ScopedPath.Resolve(rootfs, path, followFinal: true));
        if (!File.Exists(file))
        {
            return [];
        }

        return [.. File.ReadAllText(file, Encoding.UTF8)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(':'))];
    }
}
