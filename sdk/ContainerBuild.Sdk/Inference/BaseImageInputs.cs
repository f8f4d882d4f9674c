namespace ContainerBuild.Tasks.Inference;

/// <summary>What the inferred base image depends on, as the project's properties give it.</summary>
public sealed record BaseImageInputs
{
    /// <summary>The registry the Microsoft images are taken from (<c>ContainerDefaultBaseRegistry</c>).</summary>
    public string Registry { get; init; } = BaseImageInference.MicrosoftRegistry;

    /// <summary>The target framework's version, <c>10.0</c>.</summary>
    public required Version TargetFrameworkVersion { get; init; }

    public bool UsesAspNetCore { get; init; }

    public bool IsSelfContained { get; init; }

    public bool IsAot { get; init; }

    public bool IsTrimmed { get; init; }

    public bool UsesInvariantGlobalization { get; init; }

    /// <summary>The runtime identifiers the image is for; all musl ones make an Alpine image.</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];

    /// <summary><c>ContainerFamily</c>: a tag suffix such as <c>alpine</c> or <c>noble-chiseled</c>.</summary>
    public string? Family { get; init; }
}
