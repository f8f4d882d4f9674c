using ContainerBuild.Graph.Internal;
using ContainerBuild.Oci;

namespace ContainerBuild.Graph;

/// <summary>
/// An immutable point in the build graph: one output of an op (or scratch) plus the image metadata
/// that goes with it. Every method returns a new state and shares the graph below it; nothing is
/// ever changed. <see cref="Marshal"/> turns the graph into a BuildKit LLB <see cref="LlbDefinition"/>.
/// </summary>
public sealed partial class State
{
    private static readonly State ScratchState = new(null, ImageMetadata.Empty);

    internal State(Output? output, ImageMetadata metadata)
    {
        Output = output;
        Metadata = metadata;
    }

    /// <summary>The image metadata (env, working directory, user, ...) carried beside the graph.</summary>
    public ImageMetadata Metadata { get; }

    /// <summary>Whether this is the empty filesystem, with no op behind it.</summary>
    public bool IsScratch => Output is null;

    internal Output? Output { get; }

    /// <summary>The empty filesystem.</summary>
    public static State Scratch() => ScratchState;

    /// <summary>
    /// An image (<c>docker-image://</c>, the reference normalized with a default tag). The op records
    /// <paramref name="platform"/>, or the marshal-time default platform when null.
    /// </summary>
    public static State Image(string reference, Oci.Platform? platform = null, ImageResolveMode resolveMode = ImageResolveMode.Default, ImageSourceOptions? options = null) =>
        Image(ImageReference.Parse(reference), platform, resolveMode, options);

    /// <inheritdoc cref="Image(string, Oci.Platform?, ImageResolveMode, ImageSourceOptions?)"/>
    public static State Image(ImageReference reference, Oci.Platform? platform = null, ImageResolveMode resolveMode = ImageResolveMode.Default, ImageSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= ImageSourceOptions.None;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resolveMode != ImageResolveMode.Default)
        {
            attrs[LlbAttrs.ImageResolveMode] = resolveMode == ImageResolveMode.ForcePull ? "pull" : "local";
        }

        if (options.RecordType is { Length: > 0 } recordType)
        {
            attrs[LlbAttrs.ImageRecordType] = recordType;
        }

        if (options.LayerLimit is { } limit)
        {
            attrs[LlbAttrs.ImageLayerLimit] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var vertex = new SourceVertex("docker-image://" + reference.WithDefaultTag(), attrs, platformSpecific: true, platform, [LlbCaps.SourceImage], options.Op);
        return new State(new Output(vertex, 0), ImageMetadata.Empty with { Platform = platform });
    }

    /// <summary>A directory of the client (<c>local://NAME</c>), filtered by the patterns of <paramref name="options"/>.</summary>
    public static State Local(string name, LocalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= LocalOptions.None;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        AddIfSet(LlbAttrs.LocalSessionId, options.SessionId);
        AddIfSet(LlbAttrs.LocalUniqueId, options.UniqueId);
        AddIfSet(LlbAttrs.LocalSharedKeyHint, options.SharedKeyHint);
        AddIfSet(LlbAttrs.LocalDiffer, options.Differ);
        AddListIfAny(LlbAttrs.LocalIncludePatterns, options.IncludePatterns);
        AddListIfAny(LlbAttrs.LocalExcludePatterns, options.ExcludePatterns);
        AddListIfAny(LlbAttrs.LocalFollowPaths, options.FollowPaths);
        var vertex = new SourceVertex("local://" + name, attrs, platformSpecific: false, platform: null, [LlbCaps.SourceLocal], options.Op);
        return new State(new Output(vertex, 0), ImageMetadata.Empty);

        void AddIfSet(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                attrs[key] = value;
            }
        }

        void AddListIfAny(string key, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                attrs[key] = GoJson.StringArray(values);
            }
        }
    }

    /// <summary>
    /// A file downloaded from an <c>http://</c> or <c>https://</c> URL (the identifier is the URL itself), alone in an
    /// otherwise empty filesystem under <see cref="HttpOptions.Filename"/>. Not bound to a platform, as in BuildKit.
    /// </summary>
    public static State Http(string url, HttpOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!url.StartsWith("http://", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{url}' is not an http:// or https:// URL.", nameof(url));
        }

        options ??= HttpOptions.None;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        var caps = new List<string> { LlbCaps.SourceHttp };
        if (options.Checksum is { } checksum)
        {
            attrs[LlbAttrs.HttpChecksum] = checksum.ToString();
            caps.Add(LlbCaps.SourceHttpChecksum);
        }

        if (!string.IsNullOrEmpty(options.Filename))
        {
            attrs[LlbAttrs.HttpFilename] = options.Filename;
        }

        if (options.Permissions != 0)
        {
            attrs[LlbAttrs.HttpPerm] = "0" + Convert.ToString(options.Permissions, 8);
            caps.Add(LlbCaps.SourceHttpPerm);
        }

        if (options.Uid != 0)
        {
            attrs[LlbAttrs.HttpUid] = options.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.Gid != 0)
        {
            attrs[LlbAttrs.HttpGid] = options.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.Uid != 0 || options.Gid != 0)
        {
            caps.Add(LlbCaps.SourceHttpUidGid);
        }

        var vertex = new SourceVertex(url, attrs, platformSpecific: false, platform: null, caps, options.Op);
        return new State(new Output(vertex, 0), ImageMetadata.Empty);
    }

    /// <summary>
    /// The states' filesystems stacked in order, later ones winning. Scratch inputs are dropped; one
    /// input left is returned as it is. The metadata is the first remaining input's.
    /// </summary>
    public static State Merge(IEnumerable<State> states, OpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        var inputs = states.Where(s => !s.IsScratch).ToList();
        return inputs.Count switch
        {
            0 => Scratch(),
            1 => inputs[0],
            _ => new State(new Output(new MergeVertex([.. inputs.Select(s => s.Output!.Value)], options ?? OpOptions.None), 0), inputs[0].Metadata),
        };
    }

    /// <summary>What <paramref name="upper"/> changed relative to <paramref name="lower"/>; with a scratch lower that is <paramref name="upper"/> itself. Keeps the lower's metadata.</summary>
    public static State Diff(State lower, State upper, OpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.IsScratch)
        {
            return upper;
        }

        return new State(new Output(new DiffVertex(lower.Output, upper.Output, options ?? OpOptions.None), 0), lower.Metadata);
    }
}
