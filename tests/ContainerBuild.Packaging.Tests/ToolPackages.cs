using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace ContainerBuild.Packaging.Tests;

/// <summary>
/// The tool's packages (.NET 10 RID-specific tools): ContainerBuild.Cli points at one package per RID, Native AOT for
/// linux-x64 and framework-dependent ('any') for every other platform.
/// </summary>
public static class ToolPackages
{
    public const string Pointer = "ContainerBuild.Cli";

    public const string NativeRid = "linux-x64";

    public const string Command = "dotnet-containerbuild";

    /// <summary>True where eng/build.sh builds the Native AOT package and `dotnet tool install` picks it.</summary>
    public static bool HostIsNativeRid => RuntimeInformation.RuntimeIdentifier == NativeRid;

    public static ZipArchive Open(string id)
    {
        var folder = Requires.Packages();
        var path = Path.Combine(folder, $"{id}.{LocalFeed.Version}.nupkg");
        Assert.True(File.Exists(path), $"{path} is missing: dotnet pack did not produce {id} {LocalFeed.Version}.");
        return ZipFile.OpenRead(path);
    }

    /// <summary>The package's DotnetToolSettings.xml, wherever the SDK put it (tools/TFM/RID/).</summary>
    public static XDocument Settings(ZipArchive package)
    {
        var entry = Assert.Single(package.Entries, e => e.Name == "DotnetToolSettings.xml");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The first bytes of an ELF file: a native executable, not an apphost beside a managed dll.</summary>
    public static bool IsElf(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';
}
