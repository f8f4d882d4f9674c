using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Expansion;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>The names progress shows for the ops a Dockerfile makes, spelled as BuildKit's dockerfile2llb spells them.</summary>
internal static class OpNames
{
    public const string LoadBuildContext = "[internal] load build context";

    public const string PreparingInlineDocument = "[internal] preparing inline document";

    /// <summary>The description key BuildKit puts the instruction's text under.</summary>
    public const string CommandDescriptionKey = "com.docker.dockerfile.v1.command";

    /// <summary>The first word upper-cased (BuildKit's uppercaseCmd).</summary>
    public static string Uppercase(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text.ToUpperInvariant() : text[..space].ToUpperInvariant() + text[space..];
    }

    /// <summary>The text with the variables the stage knows expanded, for display only; left as written when it does not expand (BuildKit's processCmdEnv).</summary>
    public static string Expanded(ShellWordExpander expander, string text, Func<string, string?> lookup)
    {
        try
        {
            return expander.ProcessWord(text, lookup);
        }
        catch (ShellExpansionException)
        {
            return text;
        }
    }

    /// <summary>
    /// <c>[linux/arm64 build 2/5] RUN ...</c> (BuildKit's prefixCommand): the platform when several are built, the stage
    /// name, and the op's number among the stage's numbered commands; a stage with none (an image named by
    /// <c>--from</c>) gets no prefix. Each call takes the next number.
    /// </summary>
    public static string Prefix(StageDispatch stage, string text, bool prefixPlatform, Func<string, string?> lookup)
    {
        if (stage.CommandTotal == 0)
        {
            return text;
        }

        var prefix = "[";
        if (prefixPlatform)
        {
            prefix += PlatformArgs.Format(stage.Platform);
            if (lookup("TARGETPLATFORM") is { Length: > 0 } target && Platform.TryParse(target, out var parsed)
                && PlatformArgs.Format(parsed.Normalize()) is var targetText && targetText != PlatformArgs.Format(stage.Platform))
            {
                // BuildKit's formatTargetPlatform: only the architecture when the OS is the same.
                prefix += "->" + (parsed.OS == stage.Platform.OS ? targetText[(parsed.OS.Length + 1)..] : targetText);
            }

            prefix += " ";
        }

        if (stage.DisplayName.Length > 0)
        {
            prefix += stage.DisplayName + " ";
        }

        stage.CommandIndex++;
        var width = (int)(1 + Math.Log10(stage.CommandTotal));
        return prefix + stage.CommandIndex.ToString(CultureInfo.InvariantCulture).PadLeft(width)
            + "/" + stage.CommandTotal.ToString(CultureInfo.InvariantCulture) + "] " + text;
    }
}
