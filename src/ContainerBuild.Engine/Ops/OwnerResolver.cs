using System.Globalization;
using System.Text;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>Turns a <see cref="ChownOpt"/> into ids, reading names from a state's <c>/etc/passwd</c> and <c>/etc/group</c> as BuildKit does.</summary>
internal static class OwnerResolver
{
    /// <summary>The owner, or null when the option sets none. <paramref name="view"/> gives the state a name is resolved in.</summary>
    public static async Task<LayerOwner?> ResolveAsync(ChownOpt? chown, Func<long, WorkingView> view, string step, CancellationToken cancellationToken)
    {
        if (chown is null || (chown.User is null && chown.Group is null))
        {
            return null;
        }

        long uid = 0;
        long gid = 0;
        if (chown.User is { } user)
        {
            switch (user.UserCase)
            {
                case UserOpt.UserOneofCase.ByID:
                    uid = user.ByID;
                    gid = user.ByID;
                    break;
                case UserOpt.UserOneofCase.ByName:
                    var passwd = await ReadAsync(view(user.ByName.Input), "etc/passwd", cancellationToken).ConfigureAwait(false);
                    (uid, gid) = Find(passwd, user.ByName.Name, step, isGroup: false);
                    break;
            }
        }

        if (chown.Group is { } group)
        {
            switch (group.UserCase)
            {
                case UserOpt.UserOneofCase.ByID:
                    gid = group.ByID;
                    break;
                case UserOpt.UserOneofCase.ByName:
                    var groups = await ReadAsync(view(group.ByName.Input), "etc/group", cancellationToken).ConfigureAwait(false);
                    gid = Find(groups, group.ByName.Name, step, isGroup: true).Id;
                    break;
            }
        }

        return new LayerOwner(uid, gid);
    }

    private static async Task<string> ReadAsync(WorkingView view, string path, CancellationToken cancellationToken) =>
        await view.ReadFileAsync(path, cancellationToken).ConfigureAwait(false) is { } bytes ? Encoding.UTF8.GetString(bytes) : "";

    // passwd: name:password:uid:gid:...; group: name:password:gid:members. A number stands for itself (BuildKit does the same).
    private static (long Id, long Group) Find(string file, string name, string step, bool isGroup)
    {
        foreach (var line in file.Split('\n'))
        {
            var fields = line.Trim().Split(':');
            if (fields.Length >= 3 && string.Equals(fields[0], name, StringComparison.Ordinal)
                && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                var primary = !isGroup && fields.Length >= 4 && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : id;
                return (id, primary);
            }
        }

        if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
        {
            return (numeric, numeric);
        }

        throw new UnknownOwnerException(step, name, isGroup);
    }
}
