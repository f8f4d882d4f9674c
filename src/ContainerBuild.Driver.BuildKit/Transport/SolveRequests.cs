using ContainerBuild.Driver.BuildKit.Protocol;
using Llb = ContainerBuild.Graph.Pb;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>Builds the <c>SolveRequest</c> the way every BuildKit version reads it.</summary>
internal static class SolveRequests
{
    public static SolveRequest Create(Llb.Definition? definition, BuildKitSolveOptions options, string reference)
    {
        var request = new SolveRequest
        {
            Ref = reference,
            Session = options.Session ?? "",
            Frontend = options.Frontend ?? "",
        };
        if (definition is not null)
        {
            request.Definition = definition;
        }

        if (options.Exporter is { } exporter)
        {
            // Fields 3/4 for v0.8-v0.12 and 13 for v0.13 on; each version reads one and ignores the other.
            request.ExporterDeprecated = exporter.Type;
            AddAll(request.ExporterAttrsDeprecated, exporter.Attributes);
            var entry = new Exporter { Type = exporter.Type };
            AddAll(entry.Attrs, exporter.Attributes);
            request.Exporters.Add(entry);
        }

        AddAll(request.FrontendAttrs, options.FrontendAttributes);
        AddAll(request.FrontendInputs, options.FrontendInputs);

        request.Entitlements.Add(options.Entitlements);
        return request;
    }

    private static void AddAll<TValue>(Google.Protobuf.Collections.MapField<string, TValue> map, IReadOnlyDictionary<string, TValue> entries)
    {
        foreach (var (key, value) in entries)
        {
            map.Add(key, value);
        }
    }
}
