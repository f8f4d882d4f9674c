using System.Diagnostics.CodeAnalysis;

namespace ContainerBuild.Oci;

/// <summary>
/// An image reference parsed as Docker parses it (the docker/distribution reference grammar):
/// <c>[registry[:port]/]repository[:tag][@digest]</c>, normalised so that <c>busybox</c> is
/// <c>docker.io/library/busybox</c>.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The registry Docker Hub images live in, as references name it.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The host Docker Hub's registry API answers on.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The tag a reference with neither tag nor digest means.</summary>
    public const string DefaultTag = "latest";

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry as references name it, with its port: <c>docker.io</c>, <c>localhost:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path in the registry: <c>library/busybox</c>, <c>dotnet/aspnet</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null when the reference has none.</summary>
    public string? Tag { get; }

    /// <summary>The digest, or null when the reference has none.</summary>
    public Digest? Digest { get; }

    /// <summary>The host and port to send registry API calls to: <c>registry-1.docker.io</c> for Docker Hub, else <see cref="Registry"/>.</summary>
    public string RegistryApiHost => IsDockerHub ? DockerHubApiHost : Registry;

    /// <summary>Whether the image lives on Docker Hub.</summary>
    public bool IsDockerHub => string.Equals(Registry, DockerHub, StringComparison.Ordinal);

    /// <summary>What to ask the registry's manifest endpoint for: the digest when there is one (it wins over a tag), else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>The repository with its registry and nothing else: <c>docker.io/library/busybox</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>This reference with <paramref name="tag"/> in place of its tag (its digest is kept).</summary>
    public ImageReference WithTag(string tag)
    {
        if (!IsValidTag(tag))
        {
            throw new FormatException($"'{tag}' is not a valid tag: up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'.");
        }

        return new ImageReference(Registry, Repository, tag, Digest);
    }

    /// <summary>This reference pinned to <paramref name="digest"/> (its tag is kept, as in <c>name:tag@digest</c>).</summary>
    public ImageReference WithDigest(Digest digest)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("The digest is empty.", nameof(digest));
        }

        return new ImageReference(Registry, Repository, Tag, digest);
    }

    /// <summary>This reference without tag or digest.</summary>
    public ImageReference WithoutTagOrDigest() => new(Registry, Repository, null, null);

    /// <summary>This reference, with the <c>latest</c> tag when it has neither tag nor digest (as <c>docker pull</c> does).</summary>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? new(Registry, Repository, DefaultTag, null) : this;

    /// <summary>The short form Docker prints: <c>busybox:latest</c>, <c>user/app</c>, <c>localhost:5000/app:1</c>.</summary>
    public string ToFamiliarString()
    {
        var name = Name;
        if (IsDockerHub)
        {
            name = Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', "library/".Length) < 0
                ? Repository["library/".Length..]
                : Repository;
        }

        return name + Suffix();
    }

    /// <summary>The full normalised form: <c>docker.io/library/busybox:latest</c>, <c>127.0.0.1:5000/app@sha256:...</c>.</summary>
    public override string ToString() => Name + Suffix();

    private string Suffix() => (Tag is null ? "" : ":" + Tag) + (Digest is { } digest ? "@" + digest : "");

    /// <summary>Parses a reference as Docker does.</summary>
    /// <exception cref="FormatException">The reference breaks the grammar; the message says which part and how.</exception>
    public static ImageReference Parse(string reference) =>
        TryParse(reference, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? reference, [NotNullWhen(true)] out ImageReference? parsed) =>
        TryParse(reference, out parsed, out _);
}
