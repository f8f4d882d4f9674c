using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// COPY and ADD (BuildKit's dispatchCopy): one file op with a copy per source, from the context, a stage, an image, a
/// heredoc or (ADD) a URL; with <c>--link</c> the copy lands on scratch and is merged onto the stage.
/// </summary>
internal sealed partial class DockerfileConversion
{
    private async Task DispatchCopyAsync(StageDispatch stage, CopyCommand copy, CancellationToken cancellationToken)
    {
        var location = copy.Instruction.Location;
        var keyword = copy.IsAdd ? "ADD" : "COPY";
        var destination = DockerPaths.RelativeToWorkingDir(stage.State.Metadata.WorkingDir, Expand(stage, copy.Destination, location));
        var chown = copy.Chown is { } rawChown ? Expand(stage, rawChown, location) : null;
        var chmod = copy.Chmod is { } rawChmod ? Expand(stage, rawChmod, location) : null;
        var excludes = copy.Excludes.Select(e => Expand(stage, e, location)).ToList();
        var owner = string.IsNullOrEmpty(chown) ? null : FileOwner.Parse(chown);
        var (mode, symbolicMode) = ParseChmod(chmod, location);

        var source = Context;
        if (copy.From is { } rawFrom)
        {
            var from = rawFrom.Contains('$', StringComparison.Ordinal) ? ExpandWith(rawFrom, MetaLookup, location) : rawFrom;
            source = (await ResolveFromAsync(from, location, cancellationToken).ConfigureAwait(false)).State;
        }

        var checksum = copy.Checksum is { } rawChecksum ? ParseChecksum(Expand(stage, rawChecksum, location), location) : (Digest?)null;
        FileAction? action = null;
        foreach (var raw in copy.Sources)
        {
            var path = Expand(stage, raw, location);
            if (IsUrl(path))
            {
                if (!copy.IsAdd)
                {
                    throw new DockerfileParseException(location, "source can't be a URL for COPY");
                }

                // A URL's file is named after its last path element; remote archives are not unpacked.
                var filename = UrlFilename(path);
                var download = State.Http(path, new HttpOptions { Checksum = checksum, Filename = filename });
                action = Then(action, download, filename, destination, new CopyOptions { Mode = mode, SymbolicMode = symbolicMode, Owner = owner, CreateDestPath = true });
                continue;
            }

            if (checksum is not null)
            {
                throw new DockerfileParseException(location, "checksum can't be specified for non-HTTP(S) sources");
            }

            if (IsGit(path))
            {
                throw new DockerfileParseException(location, $"{keyword} of a git repository ({path}) is not supported yet; clone it in a RUN step or into the build context");
            }

            IReadOnlyList<string> includes = [];
            if (copy.Parents)
            {
                // --parents keeps the path below the pivot "/./", or the whole path when there is none.
                var pivot = path.IndexOf("/./", StringComparison.Ordinal);
                var pattern = pivot < 0 ? path : path[(pivot + 3)..];
                path = pivot < 0 ? "/" : path[..pivot];
                includes = [DockerPaths.Normalize("/", pattern, keepSlash: false).TrimStart('/')];
            }

            action = Then(action, source, DockerPaths.Normalize("/", path, keepSlash: false), destination, new CopyOptions
            {
                Mode = mode,
                SymbolicMode = symbolicMode,
                Owner = owner,
                FollowSymlinks = true,
                CopyDirectoryContentsOnly = true,
                IncludePatterns = includes,
                ExcludePatterns = excludes,
                AttemptUnpackDockerCompatibility = copy.IsAdd && (copy.Unpack ?? true),
                CreateDestPath = true,
                AllowWildcard = true,
                AllowEmptyWildcard = true,
            });
        }

        foreach (var heredoc in copy.Heredocs)
        {
            var text = heredoc.Expand ? ExpandHeredoc(stage, heredoc.Text, location) : heredoc.Text;
            var document = State.Scratch().WithPlatform(stage.Platform).File(
                FileActions.Mkfile("/" + heredoc.Name, 0x1a4, text),
                new OpOptions { CustomName = OpNames.PreparingInlineDocument });
            action = Then(action, document, "/" + heredoc.Name, destination, new CopyOptions { Mode = mode, SymbolicMode = symbolicMode, Owner = owner, CreateDestPath = true });
        }

        if (action is null)
        {
            throw new DockerfileParseException(location, $"{keyword} needs at least one source");
        }

        var name = OpNames.Uppercase(OpNames.Expanded(displayExpander, copy.Instruction.Original, stage.Env.Get));
        if (!copy.Link)
        {
            stage.State = stage.State.File(action, StepOptions(stage, OpNames.Prefix(stage, name, prefixPlatform, stage.Env.Get), copy.Instruction.Original));
            return;
        }

        // --link: the copy does not see the stage's files, so it is cached apart and only merged on top (BuildKit's MergeOp path).
        var groupName = OpNames.Prefix(stage, name, prefixPlatform, stage.Env.Get);
        stage.CommandIndex--;
        var linkName = OpNames.Prefix(stage, "LINK " + name, prefixPlatform, stage.Env.Get);
        var groupId = string.Create(CultureInfo.InvariantCulture, $"{stage.DisplayName}-{stage.CommandIndex}-link");
        var copied = State.Scratch().WithPlatform(stage.Platform).File(action, StepOptions(stage, groupName, copy.Instruction.Original) with
        {
            ProgressGroup = new OpProgressGroup(groupId, groupName, Weak: true),
        });
        var merged = State.Merge([stage.State, copied], StepOptions(stage, linkName, copy.Instruction.Original) with
        {
            ProgressGroup = new OpProgressGroup(groupId, groupName),
        });
        stage.State = merged.WithMetadata(stage.State.Metadata);
    }

    private static FileAction Then(FileAction? chain, State from, string source, string destination, CopyOptions options) =>
        chain is null ? FileActions.Copy(from, source, destination, options) : chain.Copy(from, source, destination, options);

    /// <summary>An octal <c>--chmod</c> is the mode; anything else is a symbolic one (<c>u+x</c>) applied to each entry.</summary>
    private static (int? Mode, string? Symbolic) ParseChmod(string? chmod, SourceRange location)
    {
        if (string.IsNullOrEmpty(chmod))
        {
            return (null, null);
        }

        if (chmod.All(c => c is >= '0' and <= '7'))
        {
            return chmod.Length <= 11 && Convert.ToInt64(chmod, 8) is var mode and <= 0xFFF
                ? ((int)mode, null)
                : throw new DockerfileParseException(location, $"invalid chmod parameter: {chmod}");
        }

        return SymbolicMode.IsValid(chmod)
            ? (null, chmod)
            : throw new DockerfileParseException(location, $"invalid chmod parameter: {chmod}");
    }

    private static Digest ParseChecksum(string text, SourceRange location) =>
        Digest.TryParse(text, out var digest)
            ? digest
            : throw new DockerfileParseException(location, $"invalid checksum {text}: expected a digest such as sha256:<64 hex digits>");

    private static bool IsUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    // What BuildKit takes as a git source rather than a local path.
    private static bool IsGit(string path) =>
        path.StartsWith("git@", StringComparison.Ordinal) || path.StartsWith("git://", StringComparison.Ordinal)
        || path.StartsWith("ssh://", StringComparison.Ordinal);

    /// <summary>The last path element of the URL, or <c>__unnamed__</c> (BuildKit's rule for ADD of a URL).</summary>
    private static string UrlFilename(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var name = DockerPaths.Base(uri.AbsolutePath);
            if (name is not ("." or "/" or ""))
            {
                return Uri.UnescapeDataString(name);
            }
        }

        return "__unnamed__";
    }

    // A heredoc body expands like the shell's: quotes stay as they are.
    private string ExpandHeredoc(StageDispatch stage, string text, SourceRange location)
    {
        try
        {
            return heredocExpander.ProcessWord(text, stage.Env.Get);
        }
        catch (Expansion.ShellExpansionException e)
        {
            throw new DockerfileParseException(location, e.Message, e);
        }
    }
}
