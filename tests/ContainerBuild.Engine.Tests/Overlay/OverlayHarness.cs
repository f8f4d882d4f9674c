using System.Runtime.InteropServices;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Engine.Tests.Sources;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>A fresh store with snapshots and root filesystem mounters over it; unmounts whatever a failed test left.</summary>
internal sealed class OverlayHarness : IDisposable
{
    private readonly TempDirectory root = new("cb-overlay");

    public OverlayHarness()
    {
        Store = new ContentStore(root.Path);
        Snapshots = new SnapshotStore(Store);
        Stored = new StoreBlobSource(Store);
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public string Root => root.Path;

    public ContentStore Store { get; }

    public SnapshotStore Snapshots { get; }

    public StoreBlobSource Stored { get; }

    /// <summary>Skips locally (fails under CI) when this process cannot mount overlayfs.</summary>
    public static void RequireOverlay()
    {
        var available = OperatingSystem.IsLinux()
            && Environment.IsPrivilegedProcess
            && File.ReadAllText("/proc/filesystems").Contains("\toverlay", StringComparison.Ordinal);
        Requires.Component("overlayfs mounts (root on a Linux kernel with the overlay filesystem)", available, "run the tests as root on Linux with the overlay module loaded");
    }

    public RootfsMounter Mounter(RootfsMode mode, int maxLowerDirs = 128) =>
        new(Store, Snapshots, new RootfsMountOptions { Mode = mode, MaxLowerDirs = maxLowerDirs });

    /// <summary>An image of the local registry, with its layers readable through a blob source.</summary>
    public async Task<(LayerChain Layers, IBlobSource Blobs, ResolverHarness Resolver)> ResolveAsync(string nameAndTag)
    {
        Requires.Registry();
        var resolver = new ResolverHarness(sharedRoot: root);
        var image = await resolver.ResolveAsync(nameAndTag, Platform.LinuxAmd64);
        return (image.Layers, new LayerBlobSource(resolver.Store, resolver.Clients).Add(image.Layers), resolver);
    }

    /// <summary>The mount points under <paramref name="directory"/>, as /proc/self/mountinfo lists them.</summary>
    public static IReadOnlyList<string> MountsUnder(string directory) =>
        [.. File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p == directory || p.StartsWith(directory + "/", StringComparison.Ordinal))];

    public void Dispose()
    {
        foreach (var point in MountsUnder(root.Path).OrderByDescending(p => p.Length))
        {
            _ = Umount2(point, 2); // MNT_DETACH: never delete the test root through a mount a failed test left.
        }

        root.Dispose();
    }

    [DllImport("libc", EntryPoint = "umount2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
