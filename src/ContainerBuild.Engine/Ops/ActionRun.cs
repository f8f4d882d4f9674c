using System.Globalization;
using ContainerBuild.Engine.Local;
using ContainerBuild.Graph;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>Applies one file action to a working view, with BuildKit's (fsutil's) semantics.</summary>
internal sealed class ActionRun(string step, WorkingView view, string tempDirectory, Func<long, WorkingView> ownerView)
{
    private const int DirectoryMode = 0b111_101_101;
    private const int SymlinkMode = 0b111_111_111;

    private FsChanges Changes => view.Changes;

    public async Task CopyAsync(FileActionCopy copy, SourceTree tree, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var owner = await OwnerResolver.ResolveAsync(copy.Owner, ownerView, step, cancellationToken).ConfigureAwait(false);
        var mode = ModeOf(copy);
        var src = FsPaths.Clean(copy.Src);
        var wildcard = copy.AllowWildcard && FsPaths.HasWildcard(src);
        IReadOnlyList<string> matches;
        if (wildcard)
        {
            matches = tree.Expand(src);
            if (matches.Count == 0)
            {
                if (copy.AllowEmptyWildcard)
                {
                    return;
                }

                throw new CopySourceNotFoundException(step, copy.Src, tree.Description);
            }
        }
        else
        {
            if (tree.Lookup(tree.Resolve(src, followFinal: false)) is null)
            {
                throw new CopySourceNotFoundException(step, copy.Src, tree.Description);
            }

            matches = [src];
        }

        // fsutil: a destination ending in '/' is made as a directory first; otherwise it is what the base has there. Either
        // way links on the path are followed, the last one too (a link to a folder is copied into, not replaced).
        var dest = FsPaths.Clean(copy.Dest);
        FsEntry? destEntry;
        if (FileOperation.IsDirectoryDest(copy.Dest))
        {
            dest = await view.ResolveAsync(dest, followFinal: true, cancellationToken).ConfigureAwait(false);
            await EnsureDirectoryAsync(dest, owner, time, cancellationToken).ConfigureAwait(false);
            destEntry = FsEntry.RootDirectory;
        }
        else
        {
            if (!copy.CreateDestPath && await view.LookupAsync(await view.ResolveAsync(FsPaths.Parent(dest), true, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is not { IsDirectory: true })
            {
                throw new FileOpException(step, copy.Dest, $"the destination's directory '/{FsPaths.Parent(dest)}' does not exist");
            }

            dest = await view.ResolveAsync(dest, followFinal: true, cancellationToken).ConfigureAwait(false);
            destEntry = await view.LookupAsync(dest, cancellationToken).ConfigureAwait(false);
            await EnsureDirectoryAsync(FsPaths.Parent(dest), owner, time, cancellationToken).ConfigureAwait(false);
        }

        foreach (var match in matches)
        {
            var resolved = tree.Resolve(match, copy.FollowSymlink);
            var entry = tree.Lookup(resolved) ?? throw new CopySourceNotFoundException(step, match, tree.Description);
            if (copy.AttemptUnpackDockerCompatibility && entry.Type == FsEntryType.File
                && await TryUnpackAsync(tree.FullPath(resolved), dest, owner, time, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var target = dest;
            if ((!copy.DirCopyContents && entry.IsDirectory && destEntry is not null) || (!entry.IsDirectory && destEntry is { IsDirectory: true }))
            {
                target = FsPaths.Join(dest, FsPaths.Name(match.Length == 0 ? resolved : match));
            }

            var ownerOf = (FsEntry e) => owner ?? (tree.ResetOwners ? LayerOwner.Root : new LayerOwner(e.Uid, e.Gid));
            if (!entry.IsDirectory)
            {
                Put(target, entry, mode, ownerOf(entry), time, tree.FullPath(resolved));
                continue;
            }

            // The top directory keeps what it has when it exists already (fsutil does not overwrite its metadata); a contents
            // copy makes it as MkdirAll does, 0755 with the copy's owner and no --chmod, not as the source has it (as BuildKit 0.8).
            if (await view.LookupAsync(target, cancellationToken).ConfigureAwait(false) is not { IsDirectory: true })
            {
                if (copy.DirCopyContents)
                {
                    var o = owner ?? LayerOwner.Root;
                    Changes.Put(target, new FsChange(new FsEntry(FsEntryType.Directory, DirectoryMode, o.UserId, o.GroupId), null, time));
                }
                else
                {
                    Put(target, entry, mode, ownerOf(entry), time, null);
                }
            }

            foreach (var below in tree.Walk(resolved, copy.IncludePatterns, copy.ExcludePatterns))
            {
                Put(FsPaths.Join(target, below.Path), below.Entry, mode, ownerOf(below.Entry), time, below.FullPath);
            }
        }
    }

    public async Task MkdirAsync(FileActionMkDir mkdir, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var owner = await OwnerResolver.ResolveAsync(mkdir.Owner, ownerView, step, cancellationToken).ConfigureAwait(false) ?? LayerOwner.Root;

        // BuildKit resolves the path in the root first (links on the way and at the end are followed, never out of it).
        var path = await view.ResolveAsync(RequirePath(mkdir.Path), followFinal: true, cancellationToken).ConfigureAwait(false);
        if (await view.LookupAsync(path, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            RequireDirectory(existing, path, mkdir.Path);
            return; // fsutil's MkdirAll and BuildKit's mkdir leave an existing directory as it is (WORKDIR after COPY --chown keeps its owner)
        }

        // MkdirAll makes each missing parent as the directory itself (mode and owner); one that exists stays exactly as it is.
        var entry = new FsEntry(FsEntryType.Directory, mkdir.Mode & 0xFFF, owner.UserId, owner.GroupId);
        foreach (var parent in FsPaths.Ancestors(path).Reverse())
        {
            if (await view.LookupAsync(parent, cancellationToken).ConfigureAwait(false) is { } found)
            {
                RequireDirectory(found, parent, mkdir.Path);
            }
            else if (mkdir.MakeParents)
            {
                Changes.Put(parent, new FsChange(entry, null, time));
            }
            else
            {
                throw new FileOpException(step, mkdir.Path, $"the parent '/{parent}' of '{mkdir.Path}' does not exist; make it first or make the parents too");
            }
        }

        Changes.Put(path, new FsChange(entry, null, time));
    }

    public async Task MkfileAsync(FileActionMkFile mkfile, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var owner = await OwnerResolver.ResolveAsync(mkfile.Owner, ownerView, step, cancellationToken).ConfigureAwait(false) ?? LayerOwner.Root;

        // BuildKit writes the file at the path resolved in the root: through a linked folder (/lib on merged-usr) or a link there.
        var resolved = await view.ResolveAsync(RequirePath(mkfile.Path), followFinal: true, cancellationToken).ConfigureAwait(false);
        var path = resolved.Length > 0 ? resolved : throw new FileOpException(step, mkfile.Path, $"'{mkfile.Path}' leads to the root folder through a link; no file can be made there");
        Changes.Put(path, new FsChange(new FsEntry(FsEntryType.File, mkfile.Mode & 0xFFF, owner.UserId, owner.GroupId), LayerFileSource.FromBytes(mkfile.Data.ToByteArray()), time));
    }

    public async Task SymlinkAsync(FileActionSymlink symlink, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var owner = await OwnerResolver.ResolveAsync(symlink.Owner, ownerView, step, cancellationToken).ConfigureAwait(false) ?? LayerOwner.Root;
        var newPath = RequirePath(symlink.Newpath);
        if (string.IsNullOrEmpty(symlink.Oldpath))
        {
            throw new FileOpException(step, symlink.Newpath, "a symlink needs a target");
        }

        // The link is made in its parent as resolved in the root (a linked folder is followed); it replaces what is there.
        var parent = await view.ResolveAsync(FsPaths.Parent(newPath), followFinal: true, cancellationToken).ConfigureAwait(false);
        var path = FsPaths.Join(parent, FsPaths.Name(newPath));

        Changes.Put(path, new FsChange(new FsEntry(FsEntryType.Symlink, SymlinkMode, owner.UserId, owner.GroupId, symlink.Oldpath), null, time));
    }

    public async Task RmAsync(FileActionRm rm, CancellationToken cancellationToken)
    {
        var path = RequirePath(rm.Path);
        IReadOnlyList<string> targets;
        if (rm.AllowWildcard && FsPaths.HasWildcard(path))
        {
            targets = await ExpandAsync(path, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The final element is removed itself, never what a link there points at.
            var parent = await view.ResolveAsync(FsPaths.Parent(path), followFinal: true, cancellationToken).ConfigureAwait(false);
            targets = [FsPaths.Join(parent, FsPaths.Name(path))];
        }

        if (targets.Count == 0 && !rm.AllowNotFound)
        {
            throw new FileOpException(step, rm.Path, $"nothing matches '{rm.Path}' to remove");
        }

        foreach (var target in targets)
        {
            var exists = await view.LookupAsync(target, cancellationToken).ConfigureAwait(false) is not null;
            if (!exists && !rm.AllowNotFound)
            {
                throw new FileOpException(step, rm.Path, $"'/{target}' does not exist and cannot be removed");
            }

            var inBase = await view.LookupBaseAsync(target, cancellationToken).ConfigureAwait(false) is not null;
            Changes.Delete(target, hideLower: inBase);
        }
    }

    private async Task<IReadOnlyList<string>> ExpandAsync(string pattern, CancellationToken cancellationToken)
    {
        var current = new List<string> { "" };
        foreach (var element in pattern.Split('/'))
        {
            var matcher = FsPaths.HasWildcard(element) ? FilePattern.Parse(element) : null;
            var next = new List<string>();
            foreach (var parent in current)
            {
                if (matcher is null)
                {
                    var candidate = FsPaths.Join(parent, element);
                    if (await view.LookupAsync(candidate, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                var directory = await view.ResolveAsync(parent, followFinal: true, cancellationToken).ConfigureAwait(false);
                var names = await view.ListAsync(directory, cancellationToken).ConfigureAwait(false);
                next.AddRange(names.Where(n => matcher.Matches(n)).Select(n => FsPaths.Join(directory, n)));
            }

            current = next;
        }

        return current;
    }

    private void Put(string target, FsEntry source, Func<int, bool, int>? mode, LayerOwner owner, DateTimeOffset time, string? fullPath)
    {
        var entryMode = source.Type == FsEntryType.Symlink ? SymlinkMode : mode?.Invoke(source.Mode, source.IsDirectory) ?? source.Mode;
        var entry = new FsEntry(source.Type, entryMode, owner.UserId, owner.GroupId, source.LinkTarget);
        var content = source.Type == FsEntryType.File && fullPath is not null ? SourceTree.Content(fullPath) : null;
        Changes.Put(target, new FsChange(entry, content, time));
    }

    // fsutil's MkdirAll: what is missing is made 0755 with the copy's owner; an existing non-directory is an error.
    private async Task EnsureDirectoryAsync(string directory, LayerOwner? owner, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var path = "";
        foreach (var element in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = FsPaths.Join(path, element);
            var existing = await view.LookupAsync(path, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                var o = owner ?? LayerOwner.Root;
                Changes.Put(path, new FsChange(new FsEntry(FsEntryType.Directory, DirectoryMode, o.UserId, o.GroupId), null, time));
            }
            else if (!existing.IsDirectory && existing.Type != FsEntryType.Symlink)
            {
                throw new FileOpException(step, "/" + path, $"'/{path}' is not a directory, so nothing can be copied into it");
            }
        }
    }

    private async Task<bool> TryUnpackAsync(string fullPath, string dest, LayerOwner? owner, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var kind = ArchiveUnpacker.Detect(fullPath);
        if (kind == ArchiveUnpacker.Kind.NotArchive)
        {
            return false;
        }

        await EnsureDirectoryAsync(dest, owner, time, cancellationToken).ConfigureAwait(false);
        foreach (var (path, entry, content) in await ArchiveUnpacker.ReadAsync(fullPath, kind, tempDirectory, cancellationToken).ConfigureAwait(false))
        {
            var target = FsPaths.Join(dest, path);
            if (target.Length == 0 || FsPaths.Name(target).StartsWith(".wh.", StringComparison.Ordinal))
            {
                continue;
            }

            // As docker's untar in the root: an entry's folder is what the filesystem has there (links followed), the entry itself replaces what it names.
            target = FsPaths.Join(await view.ResolveAsync(FsPaths.Parent(target), followFinal: true, cancellationToken).ConfigureAwait(false), FsPaths.Name(target));

            var o = owner ?? new LayerOwner(entry.Uid, entry.Gid);
            Changes.Put(target, new FsChange(entry with { Uid = o.UserId, Gid = o.GroupId }, content, time));
        }

        return true;
    }

    private void RequireDirectory(FsEntry existing, string path, string requested)
    {
        if (!existing.IsDirectory)
        {
            throw new FileOpException(step, requested, $"'/{path}' exists and is not a directory");
        }
    }

    private string RequirePath(string path)
    {
        var clean = FsPaths.Clean(path);
        return clean.Length > 0 ? clean : throw new FileOpException(step, path, $"the action needs a path below the root, not '{path}'");
    }

    /// <summary>The mode a copied entry gets from its own: a fixed mode (octal), a symbolic one applied to it (<c>u+x</c>), or null to keep it.</summary>
    private Func<int, bool, int>? ModeOf(FileActionCopy copy)
    {
        if (copy.Mode >= 0)
        {
            var fixedMode = copy.Mode & 0xFFF;
            return (_, _) => fixedMode;
        }

        var text = copy.ModeStr;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            var octal = Convert.ToInt32(text, 8) & 0xFFF;
            return (_, _) => octal;
        }

        if (!SymbolicMode.IsValid(text))
        {
            throw new FileOpException(step, copy.Src, $"'{text}' is neither an octal nor a symbolic mode (such as u+x)");
        }

        return (mode, isDirectory) => SymbolicMode.Apply(text, mode, isDirectory);
    }
}
