namespace ContainerBuild.Graph;

/// <summary>The owner a file action gives (<c>ChownOpt</c>): user and optional group, by id or name.</summary>
public sealed record FileOwner(UserReference User, UserReference? Group = null)
{
    public static FileOwner FromIds(uint uid, uint gid) => new(UserReference.FromId(uid), UserReference.FromId(gid));

    /// <summary><c>USER[:GROUP]</c> as Dockerfile <c>--chown</c> takes it; each part an id or a name.</summary>
    public static FileOwner Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new FileOwner(UserReference.Parse(text))
            : new FileOwner(UserReference.Parse(text[..colon]), UserReference.Parse(text[(colon + 1)..]));
    }

    public override string ToString() => Group is null ? User.ToString() : $"{User}:{Group}";
}
