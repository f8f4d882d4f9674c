using System.Globalization;

namespace ContainerBuild.Graph;

/// <summary>A user or group: a numeric id, or a name resolved from the target's /etc/passwd or /etc/group.</summary>
public sealed record UserReference
{
    private UserReference(uint? id, string? name)
    {
        Id = id;
        Name = name;
    }

    public uint? Id { get; }

    public string? Name { get; }

    public static UserReference FromId(uint id) => new(id, null);

    public static UserReference FromName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(null, name);
    }

    /// <summary>A number is an id, <c>root</c> is 0, anything else a name (BuildKit's parseUID).</summary>
    public static UserReference Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text == "root")
        {
            return FromId(0);
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? FromId(unchecked((uint)id))
            : FromName(text);
    }

    public override string ToString() => Name ?? Id!.Value.ToString(CultureInfo.InvariantCulture);
}
