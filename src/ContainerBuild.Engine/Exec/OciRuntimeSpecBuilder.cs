using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Writes the OCI runtime spec (config.json) of one RUN, with the defaults of Docker and BuildKit: no terminal,
/// Docker's 14 capabilities, nofile 1048576 (lowered to the caller's hard limit, like every rlimit), runc's default
/// mounts, masked and read-only /proc paths, the host's resolv.conf and a generated /etc/hosts, read-only. The host
/// network is the default (no network namespace); <see cref="ExecNetwork.None"/> gets a namespace with only
/// loopback. No seccomp profile and no AppArmor or SELinux label are applied yet.
/// </summary>
public sealed class OciRuntimeSpecBuilder
{
    /// <summary>Docker's (and BuildKit's) open-files limit; lowered to the caller's hard limit.</summary>
    public const long DefaultNofile = 1_048_576;

    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    private readonly OciRuntimeSpecOptions options;

    public OciRuntimeSpecBuilder(OciRuntimeSpecOptions? options = null)
    {
        this.options = options ?? new OciRuntimeSpecOptions();
    }

    /// <summary>
    /// Prepares <paramref name="bundleDirectory"/> (created if missing) to run <paramref name="request"/> in
    /// <paramref name="rootfs"/>: creates the working directory in the root filesystem, writes hosts, resolv.conf and
    /// config.json into the bundle, and records which mount targets the runtime will have to create.
    /// </summary>
    /// <exception cref="InsecureEntitlementRequiredException">Insecure mode without the entitlement.</exception>
    /// <exception cref="ExecUserNotFoundException">The user or group is not in the root filesystem.</exception>
    public OciBundle Prepare(string rootfs, ExecRequest request, string bundleDirectory, string containerId)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bundleDirectory);
        ArgumentNullException.ThrowIfNull(containerId);
        if (request.Args.Count == 0)
        {
            throw new ArgumentException("A RUN needs at least one argument.", nameof(request));
        }

        if (request.Security == ExecSecurity.Insecure && !options.AllowInsecure)
        {
            throw new InsecureEntitlementRequiredException();
        }

        rootfs = Path.GetFullPath(rootfs);
        var user = UserResolver.Resolve(rootfs, request.User);
        CreateWorkingDirectory(rootfs, request.Cwd);

        Directory.CreateDirectory(bundleDirectory);
        var hosts = Path.Combine(bundleDirectory, "hosts");
        var resolvConf = Path.Combine(bundleDirectory, "resolv.conf");
        File.WriteAllText(hosts, HostsFile.Generate(request.Hostname, request.ExtraHosts));
        if (File.Exists(options.HostResolvConf))
        {
            File.Copy(options.HostResolvConf, resolvConf, overwrite: true);
        }
        else
        {
            File.WriteAllText(resolvConf, "");
        }

        var mounts = Mounts(request, hosts, resolvConf);
        var stubs = MountStubs.Find(rootfs, mounts.Select(m => (string)m!["destination"]!));
        var spec = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = Process(request, user),
            ["root"] = new JsonObject { ["path"] = rootfs, ["readonly"] = false },
            ["hostname"] = request.Hostname,
            ["mounts"] = mounts,
            ["linux"] = Linux(request, containerId),
        };
        var bundle = new OciBundle(bundleDirectory, spec, stubs);
        File.WriteAllText(bundle.ConfigPath, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return bundle;
    }

    /// <summary>The environment: the image's, overridden name by name by the op's, then PATH and the proxies where unset.</summary>
    public static IReadOnlyList<string> MergeEnvironment(ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var env = new List<string>();
        void Set(string entry)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            if (names.TryGetValue(name, out var index))
            {
                env[index] = entry;
            }
            else
            {
                names[name] = env.Count;
                env.Add(entry);
            }
        }

        foreach (var entry in request.ImageEnv.Concat(request.Env))
        {
            Set(entry);
        }

        if (!names.ContainsKey("PATH"))
        {
            Set("PATH=" + ExecRequest.DefaultPath);
        }

        foreach (var entry in request.Proxy?.ToEnv() ?? [])
        {
            if (!names.ContainsKey(entry[..entry.IndexOf('=', StringComparison.Ordinal)]))
            {
                Set(entry);
            }
        }

        return env;
    }

    private static void CreateWorkingDirectory(string rootfs, string cwd)
    {
        var relative = ScopedPath.Resolve(rootfs, cwd, followFinal: true);
        var full = Path.Join(rootfs, relative);
        if (relative.Length == 0 || Directory.Exists(full))
        {
            return;
        }

        // Root-owned 0755 like BuildKit's, each missing parent too.
        var elements = relative.Split('/');
        for (var length = 1; length <= elements.Length; length++)
        {
            var path = Path.Join(rootfs, string.Join('/', elements[..length]));
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
                }
            }
        }
    }

    private JsonObject Process(ExecRequest request, ExecUser user)
    {
        var capabilities = request.Security == ExecSecurity.Insecure ? Capabilities.HeldByCaller() : Capabilities.DockerDefault;
        var userNode = new JsonObject { ["uid"] = user.Uid, ["gid"] = user.Gid };
        if (user.AdditionalGids.Count > 0)
        {
            userNode["additionalGids"] = Array(user.AdditionalGids.Select(g => (JsonNode)g));
        }

        return new JsonObject
        {
            ["terminal"] = false,
            ["user"] = userNode,
            ["args"] = Strings(request.Args),
            ["env"] = Strings(MergeEnvironment(request)),
            ["cwd"] = AbsoluteCwd(request.Cwd),
            ["capabilities"] = new JsonObject
            {
                ["bounding"] = Strings(capabilities),
                ["effective"] = Strings(capabilities),
                ["permitted"] = Strings(capabilities),
                ["inheritable"] = new JsonArray(),
                ["ambient"] = new JsonArray(),
            },
            ["rlimits"] = Rlimits(request.Ulimits),
            ["noNewPrivileges"] = false,
        };
    }

    /// <summary>The runtime wants an absolute cwd; it resolves symlinks in it inside the root itself.</summary>
    private static string AbsoluteCwd(string cwd) => cwd.StartsWith('/') ? cwd : "/" + cwd;

    private static JsonArray Rlimits(IReadOnlyList<ExecUlimit> ulimits)
    {
        var wanted = new Dictionary<string, (long Soft, long Hard)>(StringComparer.Ordinal) { ["nofile"] = (DefaultNofile, DefaultNofile) };
        foreach (var ulimit in ulimits)
        {
            HostLimits.OciType(ulimit.Name);
            wanted[ulimit.Name] = (ulimit.Soft, ulimit.Hard);
        }

        var array = new JsonArray();
        foreach (var (name, (soft, hard)) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            var (clampedSoft, clampedHard) = HostLimits.Clamp(name, soft, hard);
            array.Add((JsonNode)new JsonObject { ["type"] = HostLimits.OciType(name), ["hard"] = clampedHard, ["soft"] = clampedSoft });
        }

        return array;
    }

    private static JsonArray Mounts(ExecRequest request, string hosts, string resolvConf)
    {
        var insecure = request.Security == ExecSecurity.Insecure;
        var mounts = new JsonArray
        {
            Mount("/proc", "proc", "proc"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
            Mount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", insecure ? "rw" : "ro"]),
            Mount("/sys/fs/cgroup", "cgroup", "cgroup", ["nosuid", "noexec", "nodev", "relatime", insecure ? "rw" : "ro"]),
            Mount("/etc/resolv.conf", "bind", resolvConf, "rbind", "ro"),
            Mount("/etc/hosts", "bind", hosts, "rbind", "ro"),
        };
        foreach (var mount in request.Mounts)
        {
            mounts.Add(mount switch
            {
                BindMount bind => Mount(bind.Target, "bind", Path.GetFullPath(bind.Source), "rbind", bind.ReadOnly ? "ro" : "rw"),
                TmpfsMount tmpfs => Mount(tmpfs.Target, "tmpfs", "tmpfs", tmpfs.SizeBytes is { } size
                    ? ["nosuid", "nodev", "mode=1777", "size=" + size.ToString(CultureInfo.InvariantCulture)]
                    : ["nosuid", "nodev", "mode=1777"]),
                _ => throw new ArgumentException($"The executor cannot mount a {mount.GetType().Name}.", nameof(request)),
            });
        }

        return mounts;
    }

    private JsonObject Linux(ExecRequest request, string containerId)
    {
        var insecure = request.Security == ExecSecurity.Insecure;
        var namespaces = new JsonArray(
            new JsonObject { ["type"] = "pid" },
            new JsonObject { ["type"] = "ipc" },
            new JsonObject { ["type"] = "uts" },
            new JsonObject { ["type"] = "mount" });
        if (request.Network == ExecNetwork.None)
        {
            // No path: the runtime makes a fresh namespace, which has only an (up) loopback interface.
            namespaces.Add((JsonNode)new JsonObject { ["type"] = "network" });
        }

        var linux = new JsonObject
        {
            ["resources"] = new JsonObject
            {
                // Sandbox: deny, then the runtime adds its default devices (null, zero, full, tty, random, urandom, ptmx).
                ["devices"] = new JsonArray(new JsonObject { ["allow"] = insecure, ["access"] = "rwm" }),
            },
            ["cgroupsPath"] = "/" + options.CgroupParent.Trim('/') + "/" + containerId,
            ["namespaces"] = namespaces,
        };
        if (!insecure)
        {
            linux["maskedPaths"] = Strings(MaskedPaths);
            linux["readonlyPaths"] = Strings(ReadonlyPaths);
        }

        return linux;
    }

    // JsonNode, not JsonObject: JsonArray.Add<T> (chosen for a JsonObject) needs reflection, Add(JsonNode) does not.
    private static JsonNode Mount(string destination, string type, string source, params string[] mountOptions) => new JsonObject
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = Strings(mountOptions),
    };

    private static JsonArray Strings(IEnumerable<string> values) => Array(values.Select(v => (JsonNode)v));

    private static JsonArray Array(IEnumerable<JsonNode> nodes) => new([.. nodes]);
}
