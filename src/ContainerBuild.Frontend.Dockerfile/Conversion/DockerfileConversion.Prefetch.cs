using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// Starts resolving every base image the target can reach before any stage is dispatched, so the registry round trips
/// overlap (BuildKit resolves them in parallel too). Dispatch awaits the same resolutions; a name that only expands
/// later (a <c>--from</c> with variables) is left to dispatch.
/// </summary>
internal sealed partial class DockerfileConversion
{
    private void PrefetchBaseImages(Stage target, CancellationToken cancellationToken)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<Stage>();
        pending.Push(target);
        while (pending.TryPop(out var stage))
        {
            if (!seen.Add(stage.Index) || !TryExpandMeta(stage.BaseName, out var baseName) || TryPlatformOf(stage) is not { } platform)
            {
                continue;
            }

            if (document.Stages.FirstOrDefault(s => s.Index < stage.Index && string.Equals(s.Name, baseName, StringComparison.OrdinalIgnoreCase)) is { } parent)
            {
                pending.Push(parent);
            }
            else
            {
                Prefetch(baseName, platform, cancellationToken);
            }

            foreach (var from in References(stage))
            {
                if (int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < document.Stages.Count)
                {
                    pending.Push(document.Stages[index]);
                }
                else if (document.Stages.FirstOrDefault(s => string.Equals(s.Name, from, StringComparison.OrdinalIgnoreCase)) is { } named)
                {
                    pending.Push(named);
                }
                else
                {
                    Prefetch(from, targetPlatform, cancellationToken);
                }
            }
        }
    }

    // The stages and images a stage's COPY --from and RUN --mount from= name, where they need no expansion.
    private static IEnumerable<string> References(Stage stage) =>
        stage.Commands.SelectMany(command => command switch
        {
            CopyInstruction { From: { } from } => [from],
            RunInstruction run => run.Mounts.Select(m => m.From).OfType<string>(),
            _ => [],
        }).Where(from => !from.Contains('$', StringComparison.Ordinal));

    private void Prefetch(string name, Platform platform, CancellationToken cancellationToken)
    {
        if (!string.Equals(name, Scratch, StringComparison.OrdinalIgnoreCase) && ImageReference.TryParse(name, out var reference))
        {
            // Failures surface when dispatch awaits the same resolution.
            _ = images.ResolveAsync(reference.WithDefaultTag(), platform, cancellationToken);
        }
    }

    private bool TryExpandMeta(string word, out string expanded)
    {
        try
        {
            expanded = expander.ProcessWord(word, MetaLookup);
            return expanded.Length > 0;
        }
        catch (Expansion.ShellExpansionException)
        {
            expanded = "";
            return false;
        }
    }

    private Platform? TryPlatformOf(Stage stage) =>
        stage.Platform is not { } raw ? targetPlatform
        : TryExpandMeta(raw, out var text) && Platform.TryParse(text, out var parsed) ? parsed.Normalize()
        : null;
}
