using System.CommandLine;
using System.Text;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild imagetools inspect|create</c>, shaped like <c>docker buildx imagetools</c>.</summary>
internal static class ImageToolsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("imagetools", "Inspect images in registries and combine manifests into multi-platform indexes.");
        command.Subcommands.Add(CreateInspect(context));
        command.Subcommands.Add(CreateCreate(context));
        return command;
    }

    private static Command CreateInspect(CliContext context)
    {
        var reference = new Argument<string>("REF") { Description = "The image to inspect: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]." };
        var raw = new Option<bool>("--raw") { Description = "Print the manifest or index exactly as the registry holds it." };
        var format = new Option<string?>("--format") { Description = "Print a JSON document with the manifest(s) and image config(s) ('json')." };
        format.AcceptOnlyFromAmong("json");
        RejectOptionLikeValues(reference);
        var command = new Command("inspect", "Show an image's manifest or index, its platforms and configs.") { reference, raw, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, context, async () =>
        {
            var isRaw = parseResult.GetValue(raw);
            var json = parseResult.GetValue(format) is not null;
            if (isRaw && json)
            {
                throw new UsageException("--raw and --format cannot be used together.");
            }

            var tools = new ImageTools(new ImageToolsOptions { Environment = context.Environment });
            var result = await tools.InspectAsync(
                parseResult.GetValue(reference)!,
                new InspectOptions { IncludeManifests = !isRaw, IncludeConfigs = json },
                cancellationToken).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            if (isRaw)
            {
                output.Write(Encoding.UTF8.GetString(result.Raw.Bytes.Span));
            }
            else if (json)
            {
                output.WriteLine(InspectFormatter.Json(result));
            }
            else
            {
                output.Write(InspectFormatter.Summary(result));
            }
        }));
        return command;
    }

    private static Command CreateCreate(CliContext context)
    {
        var sources = new Argument<string[]>("SOURCE") { Description = "Manifests or indexes to combine (an index gives all its manifests).", Arity = ArgumentArity.OneOrMore };
        var tags = new Option<string[]>("--tag", "-t") { Description = "A name to push the index under (repeatable)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the index JSON; push nothing." };
        var annotations = new Option<string[]>("--annotation") { Description = "An annotation of the index, KEY=VALUE (repeatable; an 'index:' prefix is accepted)." };
        RejectOptionLikeValues(sources);
        var command = new Command("create", "Create an index from existing manifests and push it under each tag.") { sources, tags, dryRun, annotations };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, context, async () =>
        {
            var targets = parseResult.GetValue(tags) ?? [];
            var isDryRun = parseResult.GetValue(dryRun);
            if (targets.Length == 0 && !isDryRun)
            {
                throw new UsageException("imagetools create needs at least one -t REGISTRY/REPOSITORY:TAG to push to (or --dry-run).");
            }

            var tools = new ImageTools(new ImageToolsOptions { Environment = context.Environment });
            var result = await tools.CreateAsync(
                targets,
                parseResult.GetValue(sources) ?? [],
                new CreateOptions { DryRun = isDryRun, Annotations = ParseAnnotations(parseResult.GetValue(annotations) ?? []) },
                cancellationToken).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(isDryRun ? Encoding.UTF8.GetString(result.IndexBytes.Span) : result.Index.Digest.ToString());
        }));
        return command;
    }

    // The parser hands an unknown '--option' to a positional argument; say what it is instead.
    private static void RejectOptionLikeValues(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"Unknown option '{token.Value}'.");
            }
        });

    private static Dictionary<string, string>? ParseAnnotations(string[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var text = value.StartsWith("index:", StringComparison.Ordinal) ? value["index:".Length..] : value;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--annotation '{value}' is not KEY=VALUE.");
            }

            annotations[text[..equals]] = text[(equals + 1)..];
        }

        return annotations;
    }
}
