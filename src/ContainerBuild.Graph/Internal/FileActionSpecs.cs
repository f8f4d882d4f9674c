namespace ContainerBuild.Graph.Internal;

/// <summary>One action of a chain, before it is bound to the state it runs on.</summary>
internal abstract record FileActionSpec
{
    /// <summary>The wire action; <paramref name="parentDir"/> resolves relative paths, <paramref name="baseInput"/> resolves owner names.</summary>
    public abstract void WriteTo(Pb.FileAction action, string? parentDir, long baseInput);

    protected static Pb.ChownOpt? Owner(FileOwner? owner, long baseInput) => owner is null
        ? null
        : new Pb.ChownOpt { User = User(owner.User, baseInput), Group = owner.Group is null ? null : User(owner.Group, baseInput) };

    private static Pb.UserOpt User(UserReference user, long baseInput) => user.Name is { } name
        ? new Pb.UserOpt { ByName = new Pb.NamedUserOpt { Name = name, Input = baseInput } }
        : new Pb.UserOpt { ByID = user.Id!.Value };
}

internal sealed record MkdirSpec(string Path, int Mode, MkdirOptions Options) : FileActionSpec
{
    public override void WriteTo(Pb.FileAction action, string? parentDir, long baseInput) => action.Mkdir = new Pb.FileActionMkDir
    {
        Path = GoPath.Normalize(parentDir, Path, keepSlash: false),
        Mode = Mode & 0x1ff, // the Go client keeps only the permission bits
        MakeParents = Options.MakeParents,
        Owner = Owner(Options.Owner, baseInput),
        Timestamp = PbConvert.Timestamp(Options.Timestamp),
    };
}

internal sealed record MkfileSpec(string Path, int Mode, byte[] Data, MkfileOptions Options) : FileActionSpec
{
    public override void WriteTo(Pb.FileAction action, string? parentDir, long baseInput) => action.Mkfile = new Pb.FileActionMkFile
    {
        Path = GoPath.Normalize(parentDir, Path, keepSlash: false),
        Mode = Mode & 0x1ff,
        Data = Google.Protobuf.ByteString.CopyFrom(Data),
        Owner = Owner(Options.Owner, baseInput),
        Timestamp = PbConvert.Timestamp(Options.Timestamp),
    };
}

internal sealed record RmSpec(string Path, RmOptions Options) : FileActionSpec
{
    public override void WriteTo(Pb.FileAction action, string? parentDir, long baseInput) => action.Rm = new Pb.FileActionRm
    {
        Path = GoPath.Normalize(parentDir, Path, keepSlash: false),
        AllowNotFound = Options.AllowNotFound,
        AllowWildcard = Options.AllowWildcard,
    };
}

internal sealed record SymlinkSpec(string OldPath, string NewPath, SymlinkOptions Options) : FileActionSpec
{
    public override void WriteTo(Pb.FileAction action, string? parentDir, long baseInput) => action.Symlink = new Pb.FileActionSymlink
    {
        Oldpath = OldPath,
        Newpath = GoPath.Normalize(parentDir, NewPath, keepSlash: false),
        Owner = Owner(Options.Owner, baseInput),
        Timestamp = PbConvert.Timestamp(Options.Timestamp),
    };
}

internal sealed record CopySpec(CopySource From, string Source, string Destination, CopyOptions Options) : FileActionSpec
{
    public override void WriteTo(Pb.FileAction action, string? parentDir, long baseInput)
    {
        var copy = new Pb.FileActionCopy
        {
            Src = SourcePath(),
            Dest = GoPath.Normalize(parentDir, Destination, keepSlash: true),
            Owner = Owner(Options.Owner, baseInput),
            Mode = Options.Mode ?? -1,
            FollowSymlink = Options.FollowSymlinks,
            DirCopyContents = Options.CopyDirectoryContentsOnly,
            AttemptUnpackDockerCompatibility = Options.AttemptUnpackDockerCompatibility,
            CreateDestPath = Options.CreateDestPath,
            AllowWildcard = Options.AllowWildcard,
            AllowEmptyWildcard = Options.AllowEmptyWildcard,
            Timestamp = PbConvert.Timestamp(Options.Timestamp),
            AlwaysReplaceExistingDestPaths = Options.AlwaysReplaceExistingDestPaths,
            ModeStr = Options.Mode is null ? Options.SymbolicMode ?? "" : "",
        };
        copy.IncludePatterns.Add(Options.IncludePatterns);
        copy.ExcludePatterns.Add(Options.ExcludePatterns);
        action.Copy = copy;
    }

    // The Go client cleans the source path (no trailing slash kept) and resolves it against the source state's directory.
    private string SourcePath()
    {
        var path = GoPath.Clean(Source);
        return GoPath.IsAbs(path) ? path : GoPath.Join("/", From.State.Metadata.WorkingDir, path);
    }
}
