using ContainerBuild.DotNet;

namespace ContainerBuild.Tests.DotNet;

/// <summary>
/// Publish items classified into layers. The table's metadata is what <c>dotnet publish -getItem:ResolvedFileToPublish</c>
/// (SDK 10.0.401) printed for a console app with a package and a project reference (framework-dependent and self-contained
/// for linux-arm64) and for samples/WebSpa's static web assets (<c>_PublishStaticWebAssetsTargetPath</c> items).
/// </summary>
public sealed class DotNetLayerClassifierTests
{
    public static TheoryData<string, Dictionary<string, string>, DotNetLayerKind> RealItems => new()
    {
        // A package's runtime asset.
        { "Newtonsoft.Json.dll", Meta(("DestinationSubPath", "Newtonsoft.Json.dll"), ("NuGetPackageVersion", "13.0.3"), ("AssetType", "runtime"), ("NuGetPackageId", "Newtonsoft.Json"), ("CopyLocal", "true"), ("CopyToPublishDirectory", "PreserveNewest"), ("PathInPackage", "lib/net6.0/Newtonsoft.Json.dll")), DotNetLayerKind.Packages },

        // A package's satellite assembly and native asset.
        { "de/Humanizer.resources.dll", Meta(("NuGetPackageId", "Humanizer.Core.de"), ("AssetType", "resources"), ("Culture", "de")), DotNetLayerKind.Packages },
        { "runtimes/linux-x64/native/libe_sqlite3.so", Meta(("NuGetPackageId", "SQLitePCLRaw.lib.e_sqlite3"), ("AssetType", "native"), ("RuntimeIdentifier", "linux-x64")), DotNetLayerKind.Packages },

        // Runtime pack assets of a self-contained publish: managed and native.
        { "System.Collections.dll", Meta(("FileVersion", "10.0.1226.42308"), ("NuGetPackageVersion", "10.0.12"), ("AssetType", "runtime"), ("RuntimeIdentifier", "linux-arm64"), ("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-arm64"), ("AssemblyVersion", "10.0.0.0"), ("CopyLocal", "true")), DotNetLayerKind.Runtime },
        { "createdump", Meta(("NuGetPackageVersion", "10.0.12"), ("AssetType", "native"), ("RuntimeIdentifier", "linux-arm64"), ("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-arm64"), ("DropFromSingleFile", "true")), DotNetLayerKind.Runtime },
        { "Microsoft.AspNetCore.Http.dll", Meta(("NuGetPackageId", "Microsoft.AspNetCore.App.Runtime.linux-x64"), ("AssetType", "runtime")), DotNetLayerKind.Runtime },
        { "libSystem.Native.so", Meta(("RuntimePackAsset", "true"), ("AssetType", "native")), DotNetLayerKind.Runtime },

        // A project reference's output and its symbols.
        { "Lib.dll", Meta(("ReferenceSourceTarget", "ProjectReference"), ("MSBuildSourceProjectFile", "/src/Lib/Lib.csproj"), ("CopyLocal", "true"), ("ReferenceOutputAssembly", "true"), ("ResolvedFrom", "/art/bin/Lib/release/Lib.dll")), DotNetLayerKind.ProjectReferences },
        { "Lib.pdb", Meta(("ReferenceSourceTarget", "ProjectReference"), ("MSBuildSourceProjectFile", "/src/Lib/Lib.csproj")), DotNetLayerKind.ProjectReferences },
        { "Other.dll", Meta(("MSBuildSourceProjectFile", "/src/Other/Other.csproj")), DotNetLayerKind.ProjectReferences },

        // Static web assets (their RelativePath metadata is a pattern; the published path is TargetPath).
        { "wwwroot/app.js", Meta(("RelativePath", "app#[.{fingerprint}]?.js"), ("BasePath", "/"), ("AssetMode", "All"), ("AssetKind", "All"), ("SourceId", "WebSpa"), ("SourceType", "Discovered"), ("AssetRole", "Primary")), DotNetLayerKind.StaticWebAssets },
        { "wwwroot/app.js.gz", Meta(("RelativePath", "app#[.{fingerprint=zgpdq3hmyl}]?.js.gz"), ("AssetKind", "All"), ("SourceType", "Discovered"), ("AssetRole", "Alternative"), ("AssetTraitName", "Content-Encoding"), ("AssetTraitValue", "gzip")), DotNetLayerKind.StaticWebAssets },
        { "_content/Lib/site.css", Meta(("SourceType", "Project"), ("AssetKind", "All")), DotNetLayerKind.StaticWebAssets },
        { "WebSpa.staticwebassets.endpoints.json", Meta(), DotNetLayerKind.StaticWebAssets },
        { "wwwroot\\css\\site.css", Meta(), DotNetLayerKind.StaticWebAssets },

        // The app itself.
        { "App", Meta(("IsKeyOutput", "True"), ("CopyToPublishDirectory", "Always"), ("TargetPath", "App")), DotNetLayerKind.App },
        { "App.dll", Meta(("CopyToPublishDirectory", "PreserveNewest")), DotNetLayerKind.App },
        { "App.deps.json", Meta(("CopyToPublishDirectory", "PreserveNewest")), DotNetLayerKind.App },
        { "App.runtimeconfig.json", Meta(("CopyToPublishDirectory", "PreserveNewest")), DotNetLayerKind.App },
        { "App.pdb", Meta(("ExcludeFromSingleFile", "true"), ("CopyToPublishDirectory", "PreserveNewest")), DotNetLayerKind.App },
        { "data.txt", Meta(("CopyToPublishDirectory", "PreserveNewest"), ("TargetPath", "data.txt")), DotNetLayerKind.App },
        { "web.config", Meta(), DotNetLayerKind.App },
        { "config/staticwebassets.json", Meta(), DotNetLayerKind.App },

        // Blank metadata counts as unset, as in MSBuild; names are matched ignoring case.
        { "Blank.dll", Meta(("NuGetPackageId", ""), ("ReferenceSourceTarget", " ")), DotNetLayerKind.App },
        { "Cased.dll", Meta(("nugetpackageid", "Cased")), DotNetLayerKind.Packages },
    };

    [Theory]
    [MemberData(nameof(RealItems))]
    public void A_publish_item_goes_to_the_layer_its_metadata_says(string relativePath, Dictionary<string, string> metadata, DotNetLayerKind expected) =>
        Assert.Equal(expected, DotNetLayerClassifier.Classify(relativePath, metadata));

    [Fact]
    public async Task A_real_publish_puts_the_package_the_project_reference_and_the_app_into_their_layers()
    {
        var app = await PublishedApp.SharedAsync(LayeredProject.Shared);

        var layers = app.Files.ToDictionary(f => f.RelativePath, f => f.Layer, StringComparer.Ordinal);
        Assert.Equal(DotNetLayerKind.Packages, layers["Newtonsoft.Json.dll"]);
        Assert.Equal(DotNetLayerKind.ProjectReferences, layers["Lib.dll"]);
        Assert.Equal(DotNetLayerKind.App, layers["App.dll"]);
        Assert.Equal(DotNetLayerKind.App, layers["App"]);
        Assert.Equal(DotNetLayerKind.App, layers["App.deps.json"]);
    }

    [Fact]
    public async Task A_self_contained_publish_puts_the_runtime_pack_into_the_runtime_layer()
    {
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"), "linux-x64");

        var layers = app.Files.ToDictionary(f => f.RelativePath, f => f.Layer, StringComparer.Ordinal);
        Assert.Equal(DotNetLayerKind.Runtime, layers["System.Private.CoreLib.dll"]);
        Assert.Equal(DotNetLayerKind.Runtime, layers["libclrjit.so"]);
        Assert.Equal(DotNetLayerKind.App, layers["Hello"]);
        Assert.Equal(DotNetLayerKind.App, layers["Hello.dll"]);
        Assert.True(app.Files.Count(f => f.Layer == DotNetLayerKind.Runtime) > 100);
    }

    private static Dictionary<string, string> Meta(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
