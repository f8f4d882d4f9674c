using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Graph.Internal;

/// <summary>Accumulates an op's metadata (BuildKit's mergeMetadata) and writes it with sorted map entries.</summary>
internal sealed class OpMetadataBuilder
{
    private readonly SortedDictionary<string, string> description = new(StringComparer.Ordinal);
    private readonly SortedSet<string> caps = new(StringComparer.Ordinal);
    private bool ignoreCache;
    private OpProgressGroup? progressGroup;

    public bool IgnoreCache => ignoreCache;

    public bool HasDescription => description.Count > 0;

    public void Merge(OpOptions options, IEnumerable<string> opCaps)
    {
        ignoreCache |= options.IgnoreCache;
        foreach (var (key, value) in options.Description)
        {
            description[key] = value;
        }

        if (options.CustomName is { } name)
        {
            description[LlbDescriptionKeys.CustomName] = name;
        }

        progressGroup = options.ProgressGroup ?? progressGroup;
        AddCaps(opCaps);
    }

    public void AddCaps(IEnumerable<string> more)
    {
        foreach (var cap in more)
        {
            caps.Add(cap);
        }
    }

    public OpMetadata Build()
    {
        var metadata = new OpMetadata { IgnoreCache = ignoreCache };
        metadata.Description.Add(description.Select(e => new StringMapEntry { Key = e.Key, Value = e.Value }));
        metadata.Caps.Add(caps.Select(c => new BoolMapEntry { Key = c, Value = true }));
        if (progressGroup is { } group)
        {
            metadata.ProgressGroup = new ProgressGroup { Id = group.Id, Name = group.Name, Weak = group.Weak };
        }

        return metadata;
    }
}
