using System.Text;
using ContainerBuild.Graph.Internal;

namespace ContainerBuild.Graph;

/// <summary>Starts a <see cref="FileAction"/> chain: <c>FileActions.Mkdir("/app", 0755).Copy(local, "src", "/app/")</c>, as BuildKit's <c>llb.Mkdir(...)</c>.</summary>
public static class FileActions
{
    /// <summary>Creates a directory with <paramref name="mode"/> (permission bits, such as 0755).</summary>
    public static FileAction Mkdir(string path, int mode, MkdirOptions? options = null) =>
        new FileAction(null, new MkdirSpec(Required(path), mode, options ?? MkdirOptions.None));

    /// <summary>Creates a file with <paramref name="data"/> and <paramref name="mode"/> (such as 0644).</summary>
    public static FileAction Mkfile(string path, int mode, ReadOnlyMemory<byte> data, MkfileOptions? options = null) =>
        new FileAction(null, new MkfileSpec(Required(path), mode, data.ToArray(), options ?? MkfileOptions.None));

    /// <summary>Creates a file holding <paramref name="text"/> as UTF-8.</summary>
    public static FileAction Mkfile(string path, int mode, string text, MkfileOptions? options = null) =>
        Mkfile(path, mode, Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))), options);

    public static FileAction Rm(string path, RmOptions? options = null) =>
        new FileAction(null, new RmSpec(Required(path), options ?? RmOptions.None));

    /// <summary>Creates <paramref name="newPath"/> pointing at <paramref name="oldPath"/> (kept as written).</summary>
    public static FileAction Symlink(string oldPath, string newPath, SymlinkOptions? options = null) =>
        new FileAction(null, new SymlinkSpec(Required(oldPath), Required(newPath), options ?? SymlinkOptions.None));

    /// <summary>Copies <paramref name="source"/> of <paramref name="from"/> to <paramref name="destination"/> (a trailing '/' means "into").</summary>
    public static FileAction Copy(CopySource from, string source, string destination, CopyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        return new FileAction(null, new CopySpec(from, Required(source), Required(destination), options ?? CopyOptions.None));
    }

    private static string Required(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return value;
    }
}
