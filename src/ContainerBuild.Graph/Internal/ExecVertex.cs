namespace ContainerBuild.Graph.Internal;

/// <summary>
/// An exec op. Mounts are sorted by target, byte-wise; each writable bind mount gets the next output
/// index, every other mount -1 (as the Go client numbers them). Inputs are shared by digest and index.
/// </summary>
internal sealed class ExecVertex : Vertex
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly State baseState;
    private readonly RunOptions run;

    public ExecVertex(State baseState, RunOptions run)
        : base(run.Op)
    {
        this.baseState = baseState;
        this.run = run;
        if (run.Args.Count == 0)
        {
            throw new ArgumentException("A RUN needs at least one argument.", nameof(run));
        }

        var mounts = new List<PlannedMount> { new("/", baseState, null, run.ReadonlyRootFilesystem, NoOutput: false, Spec: null) };
        foreach (var mount in run.Mounts)
        {
            if (!GoPath.IsAbs(mount.Target))
            {
                throw new ArgumentException($"The mount target '{mount.Target}' is not an absolute path.", nameof(run));
            }

            mounts.Add(mount switch
            {
                BindMount b => new PlannedMount(b.Target, b.Source, b.Selector, b.Readonly, b.NoOutput, b),
                CacheMount c => new PlannedMount(c.Target, c.From, c.Selector, c.Readonly, NoOutput: true, c),
                _ => new PlannedMount(mount.Target, null, null, Readonly: false, NoOutput: true, mount),
            });
        }

        var sorted = mounts.OrderBy(m => m.Target, StringComparer.Ordinal).ToList();
        var duplicate = sorted.Zip(sorted.Skip(1)).FirstOrDefault(p => p.First.Target == p.Second.Target);
        if (duplicate.First is not null)
        {
            throw new ArgumentException($"Two mounts share the target '{duplicate.First.Target}'.", nameof(run));
        }

        var next = 0;
        Mounts = [.. sorted.Select(m => m with { OutputIndex = !m.NoOutput && !m.Readonly ? next++ : -1 })];
    }

    public IReadOnlyList<PlannedMount> Mounts { get; }

    public override IEnumerable<Output> Dependencies =>
        Mounts.Where(m => m.Spec is null or BindMount or CacheMount).Select(m => m.Source?.Output).Where(o => o is not null).Select(o => o!.Value);

    // A secret env var needs the secret cap too, as the Go client marks it.
    public override IEnumerable<string> Caps =>
        Mounts.Select(m => m.Spec switch
        {
            CacheMount => LlbCaps.ExecMountCache,
            SecretMount => LlbCaps.ExecMountSecret,
            SshMount => LlbCaps.ExecMountSsh,
            _ => null,
        })
        .Concat(run.SecretEnvironment.Count > 0 ? [LlbCaps.ExecMountSecret, LlbCaps.ExecSecretEnv] : [])
        .OfType<string>().Distinct(StringComparer.Ordinal);

    public override Vertex WithOptions(OpOptions options) => new ExecVertex(baseState, run with { Op = options });

    public override Pb.Op ToOp(MarshalContext context)
    {
        var metadata = baseState.Metadata;
        var op = PbConvert.NewOp(metadata.Platform ?? context.DefaultPlatform);
        var meta = new Pb.Meta
        {
            Cwd = run.WorkingDir is { } dir ? GoPath.Normalize(metadata.WorkingDir, dir, keepSlash: false) : metadata.WorkingDir ?? "",
            User = run.User ?? metadata.User ?? "",
            Hostname = run.Hostname ?? "",
        };
        meta.Args.Add(run.Args);
        meta.Env.Add(Environment(metadata));
        meta.ExtraHosts.Add(run.ExtraHosts.Select(h => new Pb.HostIP { Host = h.Host, IP = h.IP }));
        meta.ValidExitCodes.Add(run.ValidExitCodes);
        var exec = new Pb.ExecOp
        {
            Meta = meta,
            Network = run.Network switch
            {
                ExecNetwork.Host => Pb.NetMode.Host,
                ExecNetwork.None => Pb.NetMode.None,
                _ => Pb.NetMode.Unset,
            },
            Security = run.Security == ExecSecurity.Insecure ? Pb.SecurityMode.Insecure : Pb.SecurityMode.Sandbox,
        };
        foreach (var mount in Mounts)
        {
            exec.Mounts.Add(ToPb(mount, op, context));
        }

        exec.Secretenv.Add(run.SecretEnvironment.Select(s => new Pb.SecretEnv { ID = s.Id, Name = s.Name, Optional = s.Optional }));

        op.Exec = exec;
        return op;
    }

    private IEnumerable<string> Environment(ImageMetadata metadata)
    {
        var env = (run.Env ?? metadata.Env).ToList();
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            env.Add("PATH=" + DefaultPath);
        }

        if (Mounts.FirstOrDefault(m => m.Spec is SshMount) is { } ssh && !env.Any(e => e.StartsWith("SSH_AUTH_SOCK=", StringComparison.Ordinal)))
        {
            env.Add("SSH_AUTH_SOCK=" + ssh.Target);
        }

        return env;
    }

    private static Pb.Mount ToPb(PlannedMount mount, Pb.Op op, MarshalContext context)
    {
        var result = new Pb.Mount
        {
            Input = mount.Source?.Output is { } source && mount.Spec is null or BindMount or CacheMount ? context.AddInput(op.Inputs, source) : -1,
            Selector = mount.Selector ?? "",
            Dest = mount.Target,
            Output = mount.OutputIndex,
            Readonly = mount.Readonly,
        };
        switch (mount.Spec)
        {
            case CacheMount cache:
                result.MountType = Pb.MountType.Cache;
                result.CacheOpt = new Pb.CacheOpt
                {
                    ID = cache.Id,
                    Sharing = cache.Sharing switch
                    {
                        CacheSharing.Private => Pb.CacheSharingOpt.Private,
                        CacheSharing.Locked => Pb.CacheSharingOpt.Locked,
                        _ => Pb.CacheSharingOpt.Shared,
                    },
                };
                break;
            case TmpfsMount tmpfs:
                result.MountType = Pb.MountType.Tmpfs;
                result.TmpfsOpt = new Pb.TmpfsOpt { Size = tmpfs.Size };
                break;
            case SecretMount secret:
                result.MountType = Pb.MountType.Secret;
                result.SecretOpt = new Pb.SecretOpt { ID = secret.Id, Uid = secret.Uid, Gid = secret.Gid, Mode = secret.Mode, Optional = secret.Optional };
                break;
            case SshMount ssh:
                result.MountType = Pb.MountType.Ssh;
                result.SSHOpt = new Pb.SSHOpt { ID = ssh.Id, Uid = ssh.Uid, Gid = ssh.Gid, Mode = ssh.Mode, Optional = ssh.Optional };
                break;
        }

        return result;
    }

    /// <summary>A mount as the op will list it.</summary>
    internal sealed record PlannedMount(string Target, State? Source, string? Selector, bool Readonly, bool NoOutput, ExecMount? Spec)
    {
        public int OutputIndex { get; init; } = -1;
    }
}
