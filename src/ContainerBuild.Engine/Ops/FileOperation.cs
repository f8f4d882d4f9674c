using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;
using ContainerBuild.Solver;
using Google.Protobuf;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// FileOp: its actions (copy, mkdir, mkfile, rm, symlink) applied as one new layer on top of the input chain. The key
/// holds the op and the options that decide layer bytes; a copy source is keyed by the content of what it selects.
/// </summary>
internal sealed partial class FileOperation(Op op, EngineContext engine, FsResultStore results, LayerIndexCache indexes, RootfsMounter mounter) : IOperation
{
    public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var step = context.Vertex.Name;
        var inputCount = op.Inputs.Count;
        var whole = new HashSet<long>();
        var copies = new Dictionary<long, List<FileActionCopy>>();
        foreach (var action in op.File.Actions)
        {
            whole.Add(action.Input);
            foreach (var named in NamedOwners(action))
            {
                whole.Add(named);
            }

            if (action.ActionCase == FileAction.ActionOneofCase.Copy && action.SecondaryInput >= 0 && action.SecondaryInput < inputCount)
            {
                if (!copies.TryGetValue(action.SecondaryInput, out var list))
                {
                    copies[action.SecondaryInput] = list = [];
                }

                list.Add(action.Copy);
            }
        }

        var inputs = new List<CacheMapInput>(inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            if (whole.Contains(i) || !copies.TryGetValue(i, out var selected))
            {
                inputs.Add(new CacheMapInput());
                continue;
            }

            inputs.Add(new CacheMapInput
            {
                Selector = OpKeys.Of("containerbuild.selector.copy.v1", selected.Select(SelectorText)),
                ComputeContentDigest = (result, selector, token) => ContentDigestAsync(result, selected, selector, step, token),
            });
        }

        return Task.FromResult(new CacheMap(OpKeys.Of(OpKeys.File, [Convert.ToBase64String(op.File.ToByteArray()), .. OpKeys.LayerOptions(engine)]))
        {
            Inputs = inputs,
        });
    }

    private static string SelectorText(FileActionCopy copy) =>
        string.Join('\u0001', copy.Src, copy.AllowWildcard ? "w" : "", copy.FollowSymlink ? "f" : "", string.Join('\u0002', copy.IncludePatterns), string.Join('\u0002', copy.ExcludePatterns));

    private static IEnumerable<long> NamedOwners(FileAction action)
    {
        var owner = action.ActionCase switch
        {
            FileAction.ActionOneofCase.Copy => action.Copy.Owner,
            FileAction.ActionOneofCase.Mkdir => action.Mkdir.Owner,
            FileAction.ActionOneofCase.Mkfile => action.Mkfile.Owner,
            FileAction.ActionOneofCase.Symlink => action.Symlink.Owner,
            _ => null,
        };
        if (owner?.User?.UserCase == UserOpt.UserOneofCase.ByName)
        {
            yield return owner.User.ByName.Input;
        }

        if (owner?.Group?.UserCase == UserOpt.UserOneofCase.ByName)
        {
            yield return owner.Group.ByName.Input;
        }
    }

    // What the copies select of one input, by content: a local tree's checksums (never mtimes), a state's chain id.
    private async Task<Digest> ContentDigestAsync(IResult input, List<FileActionCopy> selected, Digest? selector, string step, CancellationToken cancellationToken)
    {
        if (input is FsResult fs)
        {
            return OpKeys.ChainContent(fs, selector);
        }

        if (input is not LocalDirResult local)
        {
            return OpKeys.Of("containerbuild.content.other.v1", input.Id);
        }

        var filtered = local.Options.IncludePatterns.Count > 0 || local.Options.ExcludePatterns.Count > 0 || local.Options.FollowPaths.Count > 0;
        var parts = new List<string>();
        foreach (var copy in selected)
        {
            if (filtered)
            {
                parts.Add(SourceDigest.Compute(SourceTree.ForLocal(local), copy, step).ToString());
                continue;
            }

            try
            {
                var digest = await engine.Checksums.ChecksumAsync(local.Path, copy.Src, new ChecksumOptions
                {
                    FollowSymlinks = copy.FollowSymlink,
                    Wildcard = copy.AllowWildcard,
                    IncludePatterns = copy.IncludePatterns,
                    ExcludePatterns = copy.ExcludePatterns,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(digest.ToString());
            }
            catch (LocalPathNotFoundException e)
            {
                throw new CopySourceNotFoundException(step, copy.Src, $"the local directory '{local.Name}' ({local.Path})", e);
            }
        }

        return OpKeys.Of("containerbuild.content.local.v1", parts);
    }
}
