using ContainerBuild.Engine.Exec;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>Foreign platforms run through a registered binfmt_misc handler, and fail clearly without one.</summary>
public sealed class ExecEmulationTests(ExecImages images)
{

    [Fact]
    public async Task Arm64_busybox_runs_under_binfmt_and_reports_aarch64()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        RequiresEmulator(Platform.LinuxArm64);
        var rootfs = await images.CopyAsync("busybox:latest", harness.Root, Platform.LinuxArm64);

        var machine = await harness.ShAsync(rootfs, "uname -m", new ExecRequest { Args = [], Platform = Platform.LinuxArm64 });

        Assert.Equal("aarch64", machine);
    }

    [Fact]
    public void Without_binfmt_misc_mounted_the_error_says_how_to_mount_and_register()
    {
        using var fake = new TempDirectory("cb-binfmt");

        var error = Assert.Throws<EmulationUnavailableException>(() => Binfmt.EnsureCanRun(Platform.LinuxArm64, fake.Path, fake.Combine("binfmt_misc")));

        Assert.Equal("linux/arm64", error.Platform);
        Assert.Contains("mount -t binfmt_misc", error.HowToRegister, StringComparison.Ordinal);
        Assert.Contains("update-binfmts --enable qemu-aarch64", error.Message, StringComparison.Ordinal);
        Assert.Contains("tonistiigi/binfmt --install all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_handler_for_the_architecture_the_error_names_the_one_to_enable()
    {
        using var fake = FakeBinfmt(("qemu-riscv64", Handler("PF", machine: "f300")));

        var error = Assert.Throws<EmulationUnavailableException>(() => Binfmt.EnsureCanRun(Platform.LinuxArm64, fake.Path, fake.Path));

        Assert.Equal("update-binfmts --enable qemu-aarch64", error.HowToRegister);
        Assert.Contains("no enabled binfmt_misc handler for aarch64", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_handler_does_not_count_and_an_enabled_one_with_the_F_flag_does()
    {
        using var disabled = FakeBinfmt(("qemu-aarch64", Handler("PF", enabled: false)));
        using var enabled = FakeBinfmt(("any-name", Handler("PF")));

        Assert.Throws<EmulationUnavailableException>(() => Binfmt.EnsureCanRun(Platform.LinuxArm64, disabled.Path, disabled.Path));
        Binfmt.EnsureCanRun(Platform.LinuxArm64, enabled.Path, enabled.Path);
    }

    [Fact]
    public void A_handler_without_the_F_flag_counts_only_when_its_interpreter_is_in_the_image()
    {
        using var binfmt = FakeBinfmt(("qemu-aarch64", Handler("P")));
        using var rootfs = new TempDirectory("cb-rootfs");

        var error = Assert.Throws<EmulationUnavailableException>(() => Binfmt.EnsureCanRun(Platform.LinuxArm64, rootfs.Path, binfmt.Path));
        Directory.CreateDirectory(rootfs.Combine("usr", "libexec", "qemu-binfmt"));
        File.WriteAllText(rootfs.Combine("usr", "libexec", "qemu-binfmt", "aarch64-binfmt-P"), "");
        Binfmt.EnsureCanRun(Platform.LinuxArm64, rootfs.Path, binfmt.Path);

        Assert.Contains("no F flag", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hosts_own_platform_needs_no_handler()
    {
        using var empty = new TempDirectory("cb-binfmt");

        Binfmt.EnsureCanRun(new Platform { OS = "linux", Architecture = Binfmt.HostArchitecture }, empty.Path, empty.Combine("missing"));
    }

    private static void RequiresEmulator(Platform platform)
    {
        try
        {
            Binfmt.EnsureCanRun(platform, "/");
        }
        catch (EmulationUnavailableException e)
        {
            Requires.Component("a binfmt_misc handler for " + platform, available: false, e.HowToRegister);
        }
    }

    /// <summary>A handler in the kernel's format, as Debian's qemu-user-static registers qemu-aarch64 (e_machine 0xb7, little-endian).</summary>
    private static string Handler(string flags, string machine = "b700", bool enabled = true) =>
        $"{(enabled ? "enabled" : "disabled")}\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: {flags}\noffset 0\n"
        + $"magic 7f454c460201010000000000000000000200{machine}\nmask ffffffffffffff00fffffffffffffffffeffffff\n";

    private static TempDirectory FakeBinfmt(params (string Name, string Content)[] handlers)
    {
        var directory = new TempDirectory("cb-binfmt");
        File.WriteAllText(directory.Combine("status"), "enabled\n");
        File.WriteAllText(directory.Combine("register"), "");
        foreach (var (name, content) in handlers)
        {
            File.WriteAllText(directory.Combine(name), content);
        }

        return directory;
    }
}
