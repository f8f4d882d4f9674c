using System.Collections.Concurrent;
using System.Text;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

/// <summary>Base image configs by reference (as a registry would answer), and which references and platforms were asked for.</summary>
internal sealed class FakeImages : IImageConfigResolver
{
    private readonly Dictionary<string, ContainerConfig> configs = new(StringComparer.Ordinal);

    private int inFlight;
    private int maxInFlight;

    public ConcurrentQueue<(ImageReference Reference, Platform Platform, ImageResolveMode Mode)> Resolved { get; } = new();

    /// <summary>How long each answer takes, as a registry round trip would.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The most resolutions that were waiting at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>Adds an image; <paramref name="reference"/> as written in a Dockerfile (<c>debian:bookworm-slim</c>).</summary>
    public FakeImages With(string reference, ContainerConfig config)
    {
        configs[ImageReference.Parse(reference).WithDefaultTag().ToString()] = config;
        return this;
    }

    /// <summary>The manifest digest the fake answers for a reference and platform.</summary>
    public static Digest DigestOf(string reference, Platform platform) =>
        Digest.Compute(Encoding.UTF8.GetBytes(ImageReference.Parse(reference).WithDefaultTag() + " " + platform));

    public async Task<ResolvedImageConfig> ResolveAsync(ImageReference reference, Platform platform, ImageResolveMode mode, CancellationToken cancellationToken)
    {
        Resolved.Enqueue((reference, platform, mode));
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref maxInFlight); now > seen && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen; seen = Volatile.Read(ref maxInFlight))
        {
        }

        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }

        if (!configs.TryGetValue(reference.ToString(), out var config))
        {
            throw new InvalidOperationException($"The test registry has no image {reference}.");
        }

        var image = new ImageConfig
        {
            Architecture = platform.Architecture,
            OS = platform.OS,
            Variant = platform.Variant,
            Config = config,
            RootFileSystem = new RootFileSystem { DiffIds = [] },
        };
        return new ResolvedImageConfig(DigestOf(reference.ToString(), platform), image);
    }
}
