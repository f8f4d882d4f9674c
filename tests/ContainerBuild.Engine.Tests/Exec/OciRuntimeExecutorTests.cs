using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>RUN steps through real runc and crun on private copies of busybox and debian: the process a step sees.</summary>
public sealed class OciRuntimeExecutorTests(ExecImages images)
{
    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Echo_is_captured_line_by_line_on_stdout_and_stderr_separately(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        var result = await harness.Executor.RunAsync(rootfs, new ExecRequest { Args = ["/bin/sh", "-c", "echo hello; echo world; echo oops >&2"] }, harness.Lines.Add, ExecHarness.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello\nworld", harness.Stdout);
        Assert.Equal(["oops"], harness.Lines.Where(l => l.Stream == 2).Select(l => l.Text));
        Assert.Equal(["hello", "oops", "world"], result.LastLines.Order(StringComparer.Ordinal)); // The two streams interleave in no fixed order.
        Assert.Empty(Directory.EnumerateFileSystemEntries(harness.Options.BundleDirectory));
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Exit_code_3_fails_with_the_code_the_command_and_the_last_20_lines(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();
        string[] args = ["/bin/sh", "-c", "for i in $(seq 1 30); do echo line $i; done; exit 3"];

        var error = await Assert.ThrowsAsync<ExecFailedException>(() => harness.Executor.RunAsync(rootfs, new ExecRequest { Args = args }, cancellationToken: ExecHarness.Token));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal(args, error.Args);
        Assert.Equal(Enumerable.Range(11, 20).Select(i => $"line {i}"), error.LastLines);
        Assert.Contains("exit code: 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exit_code_listed_as_valid_is_a_result()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();

        var result = await harness.Executor.RunAsync(rootfs, new ExecRequest { Args = ["/bin/sh", "-c", "exit 3"], ValidExitCodes = [0, 3] }, cancellationToken: ExecHarness.Token);

        Assert.Equal(3, result.ExitCode);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task A_missing_working_directory_is_created_root_owned_0755(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        var output = await harness.ShAsync(rootfs, "pwd; stat -c '%u:%g %a' .", new ExecRequest { Args = [], Cwd = "/work/sub" });

        Assert.Equal("/work/sub\n0:0 755", output);
        Assert.Equal((UnixFileMode)0b111_101_101, new DirectoryInfo(Path.Combine(rootfs, "work", "sub")).UnixFileMode);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task User_nobody_by_name_is_uid_and_gid_65534_in_debian(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.DebianAsync();

        Assert.Equal("65534 65534 nobody", await harness.ShAsync(rootfs, "echo $(id -u) $(id -g) $(id -un)", new ExecRequest { Args = [], User = "nobody" }));
        Assert.Equal("1000 1001", await harness.ShAsync(rootfs, "echo $(id -u) $(id -g)", new ExecRequest { Args = [], User = "1000:1001" }));
        Assert.Equal("65534 0", await harness.ShAsync(rootfs, "echo $(id -u) $(id -g)", new ExecRequest { Args = [], User = "nobody:root" }));
    }

    [Fact]
    public async Task An_unknown_user_name_is_a_typed_error_before_anything_runs()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.DebianAsync();

        var error = await Assert.ThrowsAsync<ExecUserNotFoundException>(() => harness.ShAsync(rootfs, "true", new ExecRequest { Args = [], User = "nosuchuser" }));

        Assert.Equal("nosuchuser", error.Name);
        Assert.False(error.IsGroup);
        Assert.Empty(Directory.EnumerateFileSystemEntries(harness.Options.BundleDirectory));
    }

    [Fact]
    public async Task The_op_env_overrides_the_image_env_by_name_and_proxies_are_passed_in_both_cases()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();
        var request = new ExecRequest
        {
            Args = [],
            ImageEnv = ["A=image", "PATH=/bin:/usr/bin", "KEEP=1"],
            Env = ["A=op", "B=two words"],
            Proxy = new ProxyEnvironment { HttpProxy = "http://proxy:3128", NoProxy = "localhost" },
        };

        var env = (await harness.ShAsync(rootfs, "env | sort", request)).Split('\n');

        Assert.Contains("A=op", env);
        Assert.Contains("B=two words", env);
        Assert.Contains("KEEP=1", env);
        Assert.Contains("PATH=/bin:/usr/bin", env);
        Assert.Contains("http_proxy=http://proxy:3128", env);
        Assert.Contains("HTTP_PROXY=http://proxy:3128", env);
        Assert.Contains("NO_PROXY=localhost", env);
        Assert.DoesNotContain(env, e => e.StartsWith("https_proxy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_PATH_the_default_path_is_set()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();

        Assert.Equal("PATH=" + ExecRequest.DefaultPath, await harness.ShAsync(rootfs, "env | grep ^PATH="));
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task The_process_has_exactly_dockers_default_capabilities_and_masked_proc_paths(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        var status = (await harness.ShAsync(rootfs, "grep ^Cap /proc/self/status")).Split('\n');
        var masked = await harness.ShAsync(rootfs, "grep -c ' /proc/keys ' /proc/mounts; grep ' /proc/sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1");

        Assert.Contains("CapEff:\t00000000a80425fb", status);
        Assert.Contains("CapBnd:\t00000000a80425fb", status);
        Assert.Contains("CapInh:\t0000000000000000", status);
        Assert.Equal(0xa80425fbUL, Capabilities.Mask(Capabilities.DockerDefault));
        Assert.Equal("1\nro", masked);
    }

    [Fact]
    public async Task Insecure_mode_needs_the_entitlement()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();

        await Assert.ThrowsAsync<InsecureEntitlementRequiredException>(() => harness.ShAsync(rootfs, "true", new ExecRequest { Args = [], Security = ExecSecurity.Insecure }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(harness.Options.BundleDirectory));
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Insecure_mode_with_the_entitlement_has_every_capability_the_caller_holds_and_nothing_masked(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime, new OciRuntimeSpecOptions { AllowInsecure = true });
        var rootfs = await harness.BusyboxAsync();
        var callerBounding = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))["CapBnd:".Length..].Trim();

        var output = await harness.ShAsync(rootfs, "grep ^CapEff /proc/self/status; grep -c ' /proc/keys ' /proc/mounts; grep -c ' /proc/sys ' /proc/mounts; true", new ExecRequest { Args = [], Security = ExecSecurity.Insecure });

        Assert.Equal($"CapEff:\t{callerBounding}\n0\n0", output);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Open_files_limit_is_the_requested_one_lowered_to_the_callers_hard_limit(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();
        var hard = CallerHardNofile();

        var byDefault = await harness.ShAsync(rootfs, "ulimit -n");
        var asked = await harness.ShAsync(rootfs, "ulimit -Sn; ulimit -Hn", new ExecRequest { Args = [], Ulimits = [new ExecUlimit("nofile", 512, 4_000_000)] });

        Assert.Equal(Math.Min(OciRuntimeSpecBuilder.DefaultNofile, hard).ToString(System.Globalization.CultureInfo.InvariantCulture), byDefault);
        Assert.Equal($"512\n{Math.Min(4_000_000, hard)}", asked);
    }

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Hostname_defaults_to_buildkitsandbox_and_can_be_set(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();

        Assert.Equal(ExecRequest.DefaultHostname, await harness.ShAsync(rootfs, "hostname"));
        Assert.Equal("builder-7", await harness.ShAsync(rootfs, "hostname", new ExecRequest { Args = [], Hostname = "builder-7" }));
    }

    [Fact]
    public async Task Etc_hosts_has_loopback_the_hostname_and_the_extra_hosts_and_resolv_conf_is_the_hosts()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();
        var request = new ExecRequest { Args = [], Hostname = "box", ExtraHosts = [new ExtraHost("registry.local", "10.1.2.3")] };

        var hosts = await harness.ShAsync(rootfs, "cat /etc/hosts", request);
        var resolv = await harness.ShAsync(rootfs, "cat /etc/resolv.conf");
        var writable = await harness.ShAsync(rootfs, "echo x >> /etc/hosts 2>/dev/null && echo writable || echo read-only");

        Assert.Equal("127.0.0.1\tlocalhost box\n::1\tlocalhost ip6-localhost ip6-loopback\n10.1.2.3\tregistry.local", hosts);
        Assert.Equal(File.ReadAllText("/etc/resolv.conf").TrimEnd('\n'), resolv);
        Assert.Equal("read-only", writable);
    }

    [Fact]
    public async Task A_missing_runtime_names_what_to_install()
    {
        using var root = new TempDirectory("cb-exec");
        var options = OciRuntimeExecutorOptions.UnderStoreRoot(root.Path) with { RuntimePath = root.Combine("no-runc-here") };

        var error = await Assert.ThrowsAsync<OciRuntimeNotFoundException>(() => new OciRuntimeExecutor(options).RunAsync(root.Path, new ExecRequest { Args = ["true"] }, cancellationToken: ExecHarness.Token));

        Assert.Equal("runc", error.Runtime);
        Assert.Contains("apt-get install runc", error.Message, StringComparison.Ordinal);
    }

    private static long CallerHardNofile()
    {
        // "Max open files            1024                 20000                files"
        var fields = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields[4] == "unlimited" ? long.MaxValue : long.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture);
    }
}
