namespace ContainerBuild.Solver;

/// <summary>The parts of <see cref="SolveOptions"/> that change what a vertex's work does; only equal settings share work.</summary>
internal sealed record SolveSettings(bool NoCache, IReadOnlySet<string> NoCacheFilter, string Fingerprint)
{
    public static SolveSettings From(SolveOptions options) =>
        new(options.NoCache, options.NoCacheFilter,
            $"{(options.NoCache ? "no-cache" : "cache")}|{string.Join('\0', options.NoCacheFilter.Order(StringComparer.Ordinal))}");

    public bool IgnoresCache(Vertex vertex) => NoCache || vertex.IgnoreCache || NoCacheFilter.Contains(vertex.Name);
}
