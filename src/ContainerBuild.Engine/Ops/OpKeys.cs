using System.Globalization;
using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>Base keys of the engine's ops: a versioned type string and the parts that decide the op's output, NUL-separated.</summary>
internal static class OpKeys
{
    public const string ImageSource = "containerbuild.op.source.image.v1";
    public const string LocalSource = "containerbuild.op.source.local.v1";
    public const string HttpSource = "containerbuild.op.source.http.v1";
    // v2: mkdir keeps existing parents and follows links, copies follow a linked destination folder and keep an existing one.
    // v3: a copy into a base image's folder keeps it (/tmp stays 1777) and follows its links (/lib on merged-usr), as mkfile does.
    public const string File = "containerbuild.op.file.v3";
    public const string Merge = "containerbuild.op.merge.v1";
    public const string Diff = "containerbuild.op.diff.v1";

    public static Digest Of(string type, params IEnumerable<string> parts)
    {
        var text = new StringBuilder(type);
        foreach (var part in parts)
        {
            text.Append('\0').Append(part);
        }

        return Digest.Compute(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>What of the context decides the bytes of a new layer.</summary>
    public static IEnumerable<string> LayerOptions(EngineContext context) =>
    [
        context.Compression.ToString(),
        context.CompressionLevel?.ToString(CultureInfo.InvariantCulture) ?? "",
        context.OciMediaTypes ? "oci" : "docker",
        context.SourceDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The content digest of a lazy state: its chain id says what every layer holds.</summary>
    public static Digest ChainContent(FsResult result, Digest? selector) =>
        Of("containerbuild.content.chain.v1", result.Layers.ChainId?.ToString() ?? "scratch", selector?.ToString() ?? "");
}
