using System.Formats.Tar;
using ContainerBuild.Oci;

namespace ContainerBuild.Layers.Tests;

/// <summary>Small helpers the layer tests share: writing layers to memory and reading them back.</summary>
internal static class LayerTestSupport
{
    public static readonly DateTimeOffset SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>An octal mode, as "755" (C# has no octal literals).</summary>
    public static int Oct(string octal) => UnixMode.Parse(octal);

    public static LayerWriterOptions Options(LayerCompression compression = LayerCompression.None) =>
        new() { Compression = compression, SourceDate = SourceDate };

    public static async Task<(BuiltLayer Layer, byte[] Bytes)> WriteAsync(LayerWriterOptions options, params LayerEntry[] entries)
    {
        using var output = new MemoryStream();
        var layer = await new LayerBuilder(options).AddRange(entries).WriteAsync(output, TestContext.Current.CancellationToken);
        return (layer, output.ToArray());
    }

    public static async Task<List<LayerEntryInfo>> ListAsync(byte[] blob)
    {
        var result = new List<LayerEntryInfo>();
        await foreach (var entry in LayerReader.ListAsync(new MemoryStream(blob), TestContext.Current.CancellationToken))
        {
            result.Add(entry);
        }

        return result;
    }

    public static LayerFile File(string path, string content) => new(path, LayerFileSource.FromBytes(System.Text.Encoding.UTF8.GetBytes(content)));

    /// <summary>A tar built by hand (System.Formats.Tar), for inputs our writer would never produce.</summary>
    public static byte[] HandmadeTar(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    public static PaxTarEntry TarFile(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry TarLink(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    public static async Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        await ProcessRunner.RunAsync(program, arguments, environment: ToolEnvironment, timeout: TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>tar prints times in local time and escapes non-ASCII names outside a UTF-8 locale.</summary>
    private static readonly Dictionary<string, string?> ToolEnvironment = new(StringComparer.Ordinal) { ["TZ"] = "UTC", ["LC_ALL"] = "C.UTF-8" };
}
