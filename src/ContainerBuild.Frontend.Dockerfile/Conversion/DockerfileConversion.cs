using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Expansion;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Frontend.Dockerfile.Syntax;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// Converts a parsed Dockerfile for one target platform into the target stage's state (BuildKit's dockerfile2llb):
/// stages are dispatched on demand from the target down its FROM, <c>--from</c> and mount references, so a stage
/// nothing reaches is never resolved or marshalled. One instance per platform; the files beside this one hold the
/// instructions by concern.
/// </summary>
internal sealed partial class DockerfileConversion
{
    private const string Scratch = "scratch";

    private readonly DockerfileDocument document;
    private readonly DockerfileConvertRequest request;
    private readonly ImageConfigCache images;
    private readonly Platform targetPlatform;
    private readonly bool prefixPlatform;
    private readonly ShellWordExpander expander;
    private readonly ShellWordExpander displayExpander;
    private readonly ShellWordExpander runDisplayExpander;
    private readonly ShellWordExpander heredocExpander;
    private readonly Dictionary<string, string?> metaArgs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, StageDispatch> dispatched = [];
    private readonly HashSet<int> dispatching = [];
    private readonly Dictionary<string, StageDispatch> imageStages = new(StringComparer.Ordinal);
    private State? context;

    public DockerfileConversion(DockerfileDocument document, DockerfileConvertRequest request, ImageConfigCache images, Platform targetPlatform, bool prefixPlatform)
    {
        this.document = document;
        this.request = request;
        this.images = images;
        this.targetPlatform = targetPlatform;
        this.prefixPlatform = prefixPlatform;
        var escape = document.Directives.EscapeToken;
        expander = new ShellWordExpander(escape);
        displayExpander = new ShellWordExpander(escape) { SkipUnsetVariables = true };
        runDisplayExpander = new ShellWordExpander(escape) { SkipUnsetVariables = true, RawQuotes = true };
        heredocExpander = new ShellWordExpander(escape) { RawQuotes = true };
        foreach (var (name, value) in PlatformArgs.For(targetPlatform, request.BuildPlatform.Normalize()))
        {
            metaArgs[name] = value;
        }
    }

    /// <summary>Names of the ARGs declared in the stages converted and before the first FROM (build args not among them are unused).</summary>
    public HashSet<string> DeclaredArgs { get; } = new(StringComparer.Ordinal);

    /// <summary>The target stage's state, with the request's labels added.</summary>
    public async Task<State> ConvertAsync(CancellationToken cancellationToken)
    {
        DeclareMetaArgs();
        var target = document.Stages[^1];
        if (request.Target is { Length: > 0 } name)
        {
            target = document.Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new DockerfileParseException(SourceRange.Line(document.FileName, 1), $"target stage \"{name}\" could not be found");
        }

        PrefetchBaseImages(target, cancellationToken);
        var stage = await DispatchAsync(target, cancellationToken).ConfigureAwait(false);
        var state = stage.State;
        foreach (var (key, value) in request.Labels)
        {
            state = state.WithLabel(key, value);
        }

        return state;
    }

    // Global ARGs in order: a build arg wins, else the default expanded with the ones before; one without either keeps a predefined value.
    private void DeclareMetaArgs()
    {
        foreach (var arg in document.MetaArgs)
        {
            var name = arg.Name.Contains('$', StringComparison.Ordinal) ? ExpandWith(arg.Name, MetaLookup, arg.Location) : arg.Name;
            DeclaredArgs.Add(name);
            if (request.BuildArgs.TryGetValue(name, out var given))
            {
                metaArgs[name] = given;
            }
            else if (arg.DefaultValue is { } defaultValue)
            {
                metaArgs[name] = ExpandWith(defaultValue, MetaLookup, arg.Location);
            }
            else if (!metaArgs.ContainsKey(name))
            {
                metaArgs[name] = null;
            }
        }
    }

    private string? MetaLookup(string name) => metaArgs.TryGetValue(name, out var value) ? value : null;

    private async Task<StageDispatch> DispatchAsync(Stage stage, CancellationToken cancellationToken)
    {
        if (dispatched.TryGetValue(stage.Index, out var done))
        {
            return done;
        }

        if (!dispatching.Add(stage.Index))
        {
            throw new DockerfileParseException(stage.Location, $"circular dependency detected on stage: {stage.Name ?? stage.Index.ToString(CultureInfo.InvariantCulture)}");
        }

        var dispatch = await StartStageAsync(stage, cancellationToken).ConfigureAwait(false);
        foreach (var command in dispatch.Commands)
        {
            await DispatchCommandAsync(dispatch, command, cancellationToken).ConfigureAwait(false);
        }

        dispatching.Remove(stage.Index);
        dispatched[stage.Index] = dispatch;
        return dispatch;
    }

    // FROM: scratch, an earlier stage by name, or an image whose config is resolved (its ONBUILD triggers run first).
    private async Task<StageDispatch> StartStageAsync(Stage stage, CancellationToken cancellationToken)
    {
        var baseName = ExpandWith(stage.BaseName, MetaLookup, stage.Location);
        if (baseName.Length == 0)
        {
            throw new DockerfileParseException(stage.Location, $"base name ({stage.BaseName}) should not be blank");
        }

        var platform = targetPlatform;
        if (stage.Platform is { } rawPlatform)
        {
            var text = ExpandWith(rawPlatform, MetaLookup, stage.Location);
            platform = Platform.TryParse(text, out var parsed)
                ? parsed.Normalize()
                : throw new DockerfileParseException(stage.Location, $"failed to parse platform {text}");
        }

        var displayName = stage.Name ?? (document.Stages.Count > 1 ? "stage-" + stage.Index.ToString(CultureInfo.InvariantCulture) : "");
        var ignoreCache = stage.Name is { } stageName && request.NoCacheStages.Any(n => string.Equals(n, stageName, StringComparison.OrdinalIgnoreCase));
        var numbered = stage.Commands.Count(StageDispatch.MakesOp);

        if (string.Equals(baseName, Scratch, StringComparison.OrdinalIgnoreCase))
        {
            // BuildKit's empty image config: working directory "/" and a default PATH.
            var metadata = WithDefaultPath(ImageMetadata.Empty with { Platform = platform, WorkingDir = "/" });
            return new StageDispatch(displayName, platform, State.Scratch().WithMetadata(metadata), EnvList.FromEntries(metadata.Env))
            {
                IgnoreCache = ignoreCache,
                CommandTotal = numbered,
                Commands = stage.Commands,
            };
        }

        var baseStage = document.Stages.FirstOrDefault(s => s.Index < stage.Index && string.Equals(s.Name, baseName, StringComparison.OrdinalIgnoreCase));
        if (baseStage is not null)
        {
            // The earlier stage's ONBUILD triggers run first here and leave the config, as an image's do.
            var parent = await DispatchAsync(baseStage, cancellationToken).ConfigureAwait(false);
            var triggers = parent.State.Metadata.OnBuild is { IsEmpty: false } onBuild
                ? ParseTriggers(onBuild, stage.Location, $"the ONBUILD of stage {baseStage.Name}")
                : [];
            return new StageDispatch(displayName, parent.Platform, parent.State.WithMetadata(m => m with { OnBuild = [] }), parent.Env.Clone())
            {
                IgnoreCache = ignoreCache,
                CommandTotal = numbered + triggers.Count(StageDispatch.MakesOp),
                Commands = [.. triggers, .. stage.Commands],
            };
        }

        var image = await ResolveBaseAsync(baseName, platform, stage.Location, cancellationToken).ConfigureAwait(false);
        return ImageStage(image, platform, displayName, [.. image.Triggers, .. stage.Commands], ignoreCache, numbered: true);
    }

    /// <summary>A base image: its reference pinned to the resolved digest, its config as metadata, its ONBUILD triggers parsed.</summary>
    private sealed record ResolvedBase(ImageReference Pinned, ImageMetadata Metadata, IReadOnlyList<Instruction> Triggers);

    private async Task<ResolvedBase> ResolveBaseAsync(string name, Platform platform, SourceRange location, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(name, out var reference))
        {
            throw new DockerfileParseException(location, $"invalid reference format: \"{name}\" is not an image reference");
        }

        reference = reference.WithDefaultTag();
        var resolved = await images.ResolveAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        var metadata = WithDefaultPath(ImageMetadata.FromImageConfig(resolved.Config) with { OnBuild = [], Platform = platform });
        var triggers = resolved.Config.Config?.OnBuild is { Count: > 0 } onBuild ? ParseTriggers(onBuild, location, "the base image's ONBUILD") : [];
        return new ResolvedBase(reference.WithDigest(resolved.ManifestDigest), metadata, triggers);
    }

    /// <summary>A stage on an image; its FROM is the first numbered op when <paramref name="numbered"/>.</summary>
    private StageDispatch ImageStage(ResolvedBase image, Platform platform, string displayName, IReadOnlyList<Instruction> commands, bool ignoreCache, bool numbered)
    {
        var stage = new StageDispatch(displayName, platform, State.Scratch(), EnvList.FromEntries(image.Metadata.Env))
        {
            IgnoreCache = ignoreCache,
            Commands = commands,
            CommandTotal = numbered ? 1 + commands.Count(StageDispatch.MakesOp) : 0,
        };
        var name = OpNames.Prefix(stage, "FROM " + image.Pinned, prefixPlatform, _ => null);
        var source = State.Image(image.Pinned, platform, images.Mode, new ImageSourceOptions { Op = new OpOptions { CustomName = name } });
        stage.State = source.WithMetadata(image.Metadata);
        if (!numbered)
        {
            stage.CommandTotal = commands.Count(StageDispatch.MakesOp); // an image named by --from shows its FROM unnumbered
        }

        return stage;
    }

    /// <summary>ONBUILD triggers of a base (an image or an earlier stage), parsed as the commands of a stage.</summary>
    private IReadOnlyList<Instruction> ParseTriggers(IReadOnlyList<string> triggers, SourceRange location, string origin)
    {
        try
        {
            var parsed = DockerfileParser.Parse("FROM scratch\n" + string.Join('\n', triggers) + "\n", $"{document.FileName} ({origin})");
            return parsed.Stages[0].Commands;
        }
        catch (DockerfileParseException e)
        {
            throw new DockerfileParseException(location, $"{origin} trigger cannot run: {e.Reason}", e);
        }
    }

    /// <summary>
    /// The stage a <c>--from</c> names: a stage index, a stage name, else an image (converted once as a stage of its
    /// own, with the target platform).
    /// </summary>
    private async Task<StageDispatch> ResolveFromAsync(string from, SourceRange location, CancellationToken cancellationToken)
    {
        Stage? stage;
        if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            stage = index < document.Stages.Count
                ? document.Stages[index]
                : throw new DockerfileParseException(location, $"invalid stage index {from}: the Dockerfile has {document.Stages.Count} stage(s)");
        }
        else
        {
            stage = document.Stages.FirstOrDefault(s => string.Equals(s.Name, from, StringComparison.OrdinalIgnoreCase));
        }

        if (stage is not null)
        {
            return await DispatchAsync(stage, cancellationToken).ConfigureAwait(false);
        }

        if (imageStages.TryGetValue(from, out var known))
        {
            return known;
        }

        var resolved = await ResolveBaseAsync(from, targetPlatform, location, cancellationToken).ConfigureAwait(false);
        var image = ImageStage(resolved, targetPlatform, "", resolved.Triggers, ignoreCache: false, numbered: false);
        foreach (var command in image.Commands)
        {
            await DispatchCommandAsync(image, command, cancellationToken).ConfigureAwait(false);
        }

        imageStages[from] = image;
        return image;
    }

    private Task DispatchCommandAsync(StageDispatch stage, Instruction command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case RunInstruction run:
                return DispatchRunAsync(stage, run, cancellationToken);
            case CopyInstruction copy:
                return DispatchCopyAsync(stage, CopyCommand.Of(copy), cancellationToken);
            case AddInstruction add:
                return DispatchCopyAsync(stage, CopyCommand.Of(add), cancellationToken);
            case ArgInstruction arg:
                DispatchArg(stage, arg);
                break;
            case FromInstruction from:
                throw new DockerfileParseException(from.Location, "FROM is not allowed here");
            default:
                DispatchConfig(stage, command);
                break;
        }

        return Task.CompletedTask;
    }

    // ARG in a stage: a build arg wins, else the default expanded, else the global ARG's value (predefined platform ARGs included).
    private void DispatchArg(StageDispatch stage, ArgInstruction arg)
    {
        foreach (var declaration in arg.Arguments)
        {
            var name = declaration.Name.Contains('$', StringComparison.Ordinal) ? Expand(stage, declaration.Name, arg.Location) : declaration.Name;
            DeclaredArgs.Add(name);
            string? value;
            if (request.BuildArgs.TryGetValue(name, out var given))
            {
                value = given;
            }
            else if (declaration.DefaultValue is { } defaultValue)
            {
                value = Expand(stage, defaultValue, arg.Location);
            }
            else
            {
                value = MetaLookup(name);
            }

            if (value is not null)
            {
                stage.Env.Set(name, value);
            }
        }
    }

    private State Context => context ??= State.Local(request.ContextName, new LocalOptions
    {
        ExcludePatterns = request.ContextExcludes,
        SharedKeyHint = request.ContextName,
        Op = new OpOptions { CustomName = OpNames.LoadBuildContext },
    });

    /// <summary>PATH set in the config when the base has none (BuildKit does this for every stage).</summary>
    private static ImageMetadata WithDefaultPath(ImageMetadata metadata) =>
        metadata.GetEnv("PATH") is null ? metadata.WithEnv("PATH", DefaultPath) : metadata;

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private string Expand(StageDispatch stage, string word, SourceRange location) => ExpandWith(word, stage.Env.Get, location);

    private string ExpandWith(string word, Func<string, string?> lookup, SourceRange location)
    {
        try
        {
            return expander.ProcessWord(word, lookup);
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileParseException(location, e.Message, e);
        }
    }

    private IReadOnlyList<string> ExpandWords(StageDispatch stage, string text, SourceRange location)
    {
        try
        {
            return expander.ProcessWords(text, stage.Env.Get);
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileParseException(location, e.Message, e);
        }
    }

    /// <summary>The op options of a named step: its progress name, the instruction as a description, and the stage's cache filter.</summary>
    private static OpOptions StepOptions(StageDispatch stage, string name, string? command) => new()
    {
        CustomName = name,
        IgnoreCache = stage.IgnoreCache,
        Description = command is null
            ? OpOptions.None.Description
            : OpOptions.None.Description.SetItem(OpNames.CommandDescriptionKey, command),
    };
}
