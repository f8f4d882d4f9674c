using System.Diagnostics;
using System.Globalization;
using ContainerBuild.Bench;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

// copy-image BASE CONTEXT STORE NAME: the copy-only image (CONTEXT/out onto BASE, pushed to NAME) through the build service.
if (args.Length > 0 && args[0] == "copy-image")
{
    return await CopyImageCommand.RunAsync(args.AsSpan(1).ToArray()).ConfigureAwait(false);
}

// pack DIR OUT [--compression gzip|zstd|none] [--level N] [--source-date EPOCH] [--clamp] [--normalize-modes]
// pack-parallel DIR OUTDIR --layers N [same options]: the top-level entries of DIR dealt into N layers, packed at once.
if (args.Length < 3 || args[0] is not ("pack" or "pack-parallel"))
{
    await Console.Error.WriteLineAsync("usage: copy-image BASE CONTEXT STORE NAME\n       pack DIR OUT [--compression gzip|zstd|none] [--level N] [--source-date EPOCH] [--clamp] [--normalize-modes]\n       pack-parallel DIR OUTDIR --layers N [options]");
    return 2;
}

var options = PackArguments.Parse(args.AsSpan(3));
var watch = Stopwatch.StartNew();
if (args[0] == "pack")
{
    var builder = new LayerBuilder(options.Writer).AddDirectory(args[1], "/", options.NormalizeModes);
    var layer = args[2] == "-"
        ? await builder.WriteAsync(Stream.Null).ConfigureAwait(false)
        : await builder.WriteToFileAsync(args[2]).ConfigureAwait(false);
    Print(layer, watch.Elapsed);
    return 0;
}

var groups = PackArguments.Split(args[1], options.Layers);
Directory.CreateDirectory(args[2]);
var tasks = groups.Select((group, i) => Task.Run(() =>
{
    var builder = new LayerBuilder(options.Writer);
    foreach (var child in group)
    {
        if (Directory.Exists(child) && new DirectoryInfo(child).LinkTarget is null)
        {
            builder.Add(new LayerDirectory(Path.GetFileName(child)));
            builder.AddDirectory(child, Path.GetFileName(child), options.NormalizeModes);
        }
        else
        {
            builder.AddRange(DiskEntries.FromDirectory(Path.GetDirectoryName(child)!).Where(e => e.Path == Path.GetFileName(child)));
        }
    }

    return builder.WriteToFileAsync(Path.Combine(args[2], $"layer{i}"));
})).ToArray();
foreach (var layer in await Task.WhenAll(tasks).ConfigureAwait(false))
{
    Print(layer, watch.Elapsed);
}

return 0;

static void Print(BuiltLayer layer, TimeSpan elapsed) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"digest={layer.Digest} diffid={layer.DiffId} size={layer.Size} uncompressed={layer.UncompressedSize} mediatype={layer.MediaType} seconds={elapsed.TotalSeconds:F3}"));
