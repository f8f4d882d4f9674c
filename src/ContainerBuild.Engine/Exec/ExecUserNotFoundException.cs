namespace ContainerBuild.Engine.Exec;

/// <summary>A RUN's user or group name is not in the root filesystem's /etc/passwd or /etc/group.</summary>
public sealed class ExecUserNotFoundException : ExecException
{
    public ExecUserNotFoundException(string name, bool isGroup)
        : base(isGroup ? $"unable to find group {name}: no matching entries in the image's /etc/group" : $"unable to find user {name}: no matching entries in the image's /etc/passwd")
    {
        Name = name;
        IsGroup = isGroup;
    }

    public string Name { get; }

    /// <summary>True when the group part was not found, false for the user part.</summary>
    public bool IsGroup { get; }
}
