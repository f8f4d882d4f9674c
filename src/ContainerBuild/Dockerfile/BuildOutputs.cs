using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// Where <c>docker buildx build</c>'s output flags send the image: each <c>-o</c> as BuildKit's exporter syntax, <c>--push</c>
/// (<c>type=registry</c>), <c>--load</c> (<c>type=docker</c>, into the local Docker or Podman); the <c>-t</c> names go to
/// every image, registry, oci and docker output that names none itself. No output at all keeps the image in the store.
/// Relative destinations are resolved against <c>workingDirectory</c> (else the process's).
/// </summary>
public static class BuildOutputs
{
    public static IReadOnlyList<ExportOutput> Resolve(IEnumerable<string> outputSpecs, IEnumerable<string> tags, bool push, bool load, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(outputSpecs);
        ArgumentNullException.ThrowIfNull(tags);
        var names = ParseTags(tags);
        var outputs = new List<ExportOutput>();
        foreach (var spec in outputSpecs)
        {
            var output = WithNames(spec, names);
            if (output.Type == OutputType.Local && output.Destination == "-")
            {
                throw new InvalidBuildOptionException("--output", spec, $"-o '{spec}': writing the files to standard output is not supported; give a folder (type=local,dest=DIR).");
            }

            outputs.Add(output.Destination is { } destination && destination != "-"
                ? output with { Destination = Path.GetFullPath(destination, workingDirectory ?? Directory.GetCurrentDirectory()) }
                : output);
        }

        if (push)
        {
            if (names.Count == 0)
            {
                throw new InvalidBuildOptionException("--push", null, "--push needs a name to push to: add -t REGISTRY/REPOSITORY[:TAG].");
            }

            outputs.Add(ExportOutputParser.Parse("registry", NameAttribute(names)));
        }

        if (load)
        {
            outputs.Add(ExportOutputParser.Parse("docker", NameAttribute(names)));
        }

        return outputs;
    }

    public static List<ImageReference> ParseTags(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var names = new List<ImageReference>();
        foreach (var tag in tags)
        {
            if (!ImageReference.TryParse(tag, out var name))
            {
                throw new InvalidBuildOptionException("--tag", tag, $"-t '{tag}' is not an image name: write [REGISTRY/]REPOSITORY[:TAG], such as 127.0.0.1:5000/app:1.0.");
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static ExportOutput WithNames(string spec, IReadOnlyList<ImageReference> names)
    {
        ExportOutput output;
        try
        {
            output = ExportOutputParser.Parse(spec);
        }
        catch (InvalidExportAttributeException e) when (e.Attribute == "name" && e.Value is null && names.Count > 0)
        {
            // type=registry without a name of its own: buildx gives it the -t names.
            return ExportOutputParser.Parse($"{spec},\"name={string.Join(',', names)}\"");
        }

        return output.Type is OutputType.Local || output.Image.Names.Count > 0 || names.Count == 0
            ? output
            : output with { Image = output.Image with { Names = names } };
    }

    private static Dictionary<string, string> NameAttribute(IReadOnlyList<ImageReference> names)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (names.Count > 0)
        {
            attributes["name"] = string.Join(',', names);
        }

        return attributes;
    }
}
