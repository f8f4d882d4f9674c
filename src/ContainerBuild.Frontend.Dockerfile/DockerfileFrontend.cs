using ContainerBuild.Frontend.Dockerfile.Conversion;
using ContainerBuild.Frontend.Dockerfile.Syntax;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile;

/// <summary>
/// The Dockerfile frontend (BuildKit's dockerfile2llb is the model): parse, typed instructions, convert, as separate
/// stages; it only produces states that marshal to a Definition. Base images are resolved through the request's
/// resolver (config only); stages the target does not reach are never resolved.
/// </summary>
public static class DockerfileFrontend
{
    /// <summary>Build args that are never reported unused: the proxies and SOURCE_DATE_EPOCH that hosts pass to every build.</summary>
    private static readonly HashSet<string> BuiltinArgs = new(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
        "SOURCE_DATE_EPOCH",
    };

    /// <exception cref="Instructions.DockerfileParseException">The Dockerfile does not parse, or names something that does not exist (stage, target, flag value), with its file and line.</exception>
    public static async Task<DockerfileConvertResult> ConvertAsync(DockerfileConvertRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var document = DockerfileParser.Parse(request.Dockerfile, request.DockerfileName);
        var platforms = request.TargetPlatforms.Count > 0 ? request.TargetPlatforms.Select(p => p.Normalize()).ToList() : [request.BuildPlatform.Normalize()];
        var images = new ImageConfigCache(request.ImageResolver, request.ForcePull ? ImageResolveMode.ForcePull : ImageResolveMode.Default);
        // Platforms convert side by side: their base images resolve at the same time.
        var conversions = platforms.Select(p => (Platform: p, Conversion: new DockerfileConversion(document, request, images, p, prefixPlatform: platforms.Count > 1))).ToList();
        var states = await Task.WhenAll(conversions.Select(c => c.Conversion.ConvertAsync(cancellationToken))).ConfigureAwait(false);
        var results = conversions.Select((c, i) => new DockerfilePlatformResult(c.Platform, states[i])).ToList();
        var declared = conversions.SelectMany(c => c.Conversion.DeclaredArgs).ToHashSet(StringComparer.Ordinal);

        var warnings = document.Warnings.Select(w => w.ToString()).ToList();
        var unused = request.BuildArgs.Keys.Where(k => !declared.Contains(k) && !BuiltinArgs.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            warnings.Add($"One or more build-args [{string.Join(' ', unused)}] were not consumed");
        }

        return new DockerfileConvertResult(results)
        {
            Syntax = document.Directives.Syntax,
            Warnings = warnings,
        };
    }
}
