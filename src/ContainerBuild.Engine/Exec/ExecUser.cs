namespace ContainerBuild.Engine.Exec;

/// <summary>The ids a RUN's process runs with.</summary>
/// <param name="Uid">The user id.</param>
/// <param name="Gid">The primary group id.</param>
/// <param name="AdditionalGids">Supplementary groups: the /etc/group entries that list the user by name, when no group was named.</param>
public sealed record ExecUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids)
{
    public static ExecUser Root { get; } = new(0, 0, []);

    public bool Equals(ExecUser? other) =>
        other is not null && Uid == other.Uid && Gid == other.Gid && AdditionalGids.SequenceEqual(other.AdditionalGids);

    public override int GetHashCode() => HashCode.Combine(Uid, Gid, AdditionalGids.Count);
}
