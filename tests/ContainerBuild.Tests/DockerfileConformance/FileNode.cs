using System.Globalization;
using ContainerBuild.Layers;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// One path of an image's flattened root filesystem, with what an image must agree on: kind, permission and special
/// bits, numeric owner, content digest (files), link target (symlinks) and device numbers. Modification times, user and
/// group names in the tar headers and the layer a path came from are left out: they differ between any two builders.
/// </summary>
public sealed record FileNode(string Path, LayerEntryType Type, int Mode, long UserId, long GroupId, string? Content, string? LinkTarget, int DeviceMajor, int DeviceMinor)
{
    /// <summary>The node without its content digest, for files whose bytes may differ between builds.</summary>
    public FileNode WithoutContent() => this with { Content = Content is null ? null : "(not compared)" };

    public override string ToString()
    {
        var mode = Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');
        var what = Type switch
        {
            LayerEntryType.File => Content,
            LayerEntryType.Symlink => "-> " + LinkTarget,
            LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice => $"{DeviceMajor},{DeviceMinor}",
            _ => "",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{Path} {Type.ToString().ToLowerInvariant()} {mode} {UserId}:{GroupId} {what}").TrimEnd();
    }
}
