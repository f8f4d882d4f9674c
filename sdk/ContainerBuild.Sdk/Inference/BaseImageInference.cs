using System.Globalization;

namespace ContainerBuild.Tasks.Inference;

/// <summary>
/// The base image the SDK would choose when <c>ContainerBaseImage</c> is unset: <c>dotnet/runtime-deps</c> for
/// self-contained and AOT apps, <c>dotnet/aspnet</c> for ASP.NET Core, <c>dotnet/runtime</c> otherwise; the tag is the
/// target framework's <c>major.minor</c>, then <c>-alpine</c> for musl, the <c>ContainerFamily</c>, or
/// <c>-noble-chiseled</c> (<c>-jammy-</c> on 8.0) for AOT and trimmed apps, with <c>-extra</c> when such an image
/// must carry ICU because the app uses globalization.
/// </summary>
public static class BaseImageInference
{
    public const string MicrosoftRegistry = "mcr.microsoft.com";

    public static string Infer(BaseImageInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var repository = inputs.IsSelfContained || inputs.IsAot ? "runtime-deps"
            : inputs.UsesAspNetCore ? "aspnet"
            : "runtime";
        var version = inputs.TargetFrameworkVersion;
        var tag = string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{Math.Max(version.Minor, 0)}");
        var family = inputs.Family?.Trim();
        var musl = inputs.RuntimeIdentifiers.Count > 0
            && inputs.RuntimeIdentifiers.All(rid => rid.StartsWith("linux-musl-", StringComparison.OrdinalIgnoreCase));

        if (!string.IsNullOrEmpty(family))
        {
            tag += "-" + family;
            if (family.EndsWith("-chiseled", StringComparison.OrdinalIgnoreCase) && !inputs.UsesInvariantGlobalization)
            {
                tag += "-extra";
            }
        }
        else if (musl)
        {
            tag += "-alpine";
        }
        else if ((inputs.IsAot || inputs.IsTrimmed) && version.Major >= 8)
        {
            tag += version.Major == 8 ? "-jammy-chiseled" : "-noble-chiseled";
            if (!inputs.UsesInvariantGlobalization)
            {
                tag += "-extra";
            }
        }

        var registry = string.IsNullOrWhiteSpace(inputs.Registry) ? MicrosoftRegistry : inputs.Registry.Trim().TrimEnd('/');
        return $"{registry}/dotnet/{repository}:{tag}";
    }
}
