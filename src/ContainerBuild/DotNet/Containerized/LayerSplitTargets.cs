namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// The MSBuild targets file the publish step imports (<c>-p:CustomAfterMicrosoftCommonTargets=</c>): after
/// <c>Publish</c> it copies every published file into <c>$(ContainerBuildLayersDir)/&lt;kind&gt;/</c> by its item's
/// metadata, with the rules of <see cref="DotNetLayerClassifier"/> (a later rule wins: app, project references, static
/// web assets, packages, runtime), so the runtime stage copies each layer from its own folder. With
/// <c>$(ContainerBuildSourceDate)</c> it also dates the static web assets the publish compresses (<c>.gz</c>, <c>.br</c>)
/// to the source date right after they are written: their <c>Last-Modified</c> in the endpoints manifest comes from
/// those files, so the manifest is the same in every build.
/// </summary>
public static class LayerSplitTargets
{
    /// <summary>Where the file is written in the build stage.</summary>
    public const string Path = "/containerbuild/layers.targets";

    /// <summary>Where the layer folders go in the build stage.</summary>
    public const string LayersDirectory = "/layers";

    /// <summary>The layer folder's name for a kind (<c>projectreferences</c>, ...).</summary>
    public static string FolderOf(DotNetLayerKind kind) => kind.ToString().ToLowerInvariant();

    public const string Text = """
        <Project>
          <Target Name="ContainerBuildDateBuildCompressedAssets" AfterTargets="GenerateBuildCompressedStaticWebAssets" Condition="'$(ContainerBuildSourceDate)' != ''">
            <Touch Files="@(_GZipCompressedStaticWebAssets);@(_BrotliCompressedStaticWebAssets)" Time="$(ContainerBuildSourceDate)" />
          </Target>
          <Target Name="ContainerBuildDatePublishCompressedAssets" AfterTargets="GeneratePublishCompressedStaticWebAssets" Condition="'$(ContainerBuildSourceDate)' != ''">
            <Touch Files="@(_GZipCompressedStaticWebAssetsForPublish);@(_BrotliCompressedStaticWebAssetsForPublish)" Time="$(ContainerBuildSourceDate)" />
          </Target>
          <Target Name="ContainerBuildSplitLayers" AfterTargets="Publish" Condition="'$(ContainerBuildLayersDir)' != ''">
            <ItemGroup>
              <_CbFile Include="@(ResolvedFileToPublish)" Condition="'%(ResolvedFileToPublish.CopyToPublishDirectory)' == 'Always' or '%(ResolvedFileToPublish.CopyToPublishDirectory)' == 'PreserveNewest'" />
              <_CbFile>
                <CbPath>$([System.String]::Copy('%(_CbFile.RelativePath)').Replace('\','/'))</CbPath>
                <CbLayer>app</CbLayer>
              </_CbFile>
              <_CbFile Condition="'%(_CbFile.ReferenceSourceTarget)' == 'ProjectReference' or '%(_CbFile.MSBuildSourceProjectFile)' != ''">
                <CbLayer>projectreferences</CbLayer>
              </_CbFile>
              <_CbFile Condition="'%(_CbFile.SourceType)' != '' or '%(_CbFile.AssetKind)' != '' or $([System.String]::Copy('%(_CbFile.CbPath)').ToLowerInvariant().StartsWith('wwwroot/')) or (!$([System.String]::Copy('%(_CbFile.CbPath)').Contains('/')) and $([System.String]::Copy('%(_CbFile.CbPath)').ToLowerInvariant().EndsWith('.json')) and $([System.String]::Copy('%(_CbFile.CbPath)').ToLowerInvariant().Contains('.staticwebassets.')))">
                <CbLayer>staticwebassets</CbLayer>
              </_CbFile>
              <_CbFile Condition="'%(_CbFile.NuGetPackageId)' != ''">
                <CbLayer>packages</CbLayer>
              </_CbFile>
              <_CbFile Condition="'%(_CbFile.RuntimePackAsset)' == 'true' or $([System.String]::Copy('%(_CbFile.NuGetPackageId)').StartsWith('Microsoft.NETCore.App.Runtime.')) or $([System.String]::Copy('%(_CbFile.NuGetPackageId)').StartsWith('Microsoft.AspNetCore.App.Runtime.')) or $([System.String]::Copy('%(_CbFile.NuGetPackageId)').StartsWith('Microsoft.WindowsDesktop.App.Runtime.'))">
                <CbLayer>runtime</CbLayer>
              </_CbFile>
              <!-- Static web assets are published by their own targets, outside ResolvedFileToPublish. -->
              <_CbWebRoot Include="$(PublishDir)wwwroot/**" />
              <_CbWebManifest Include="$(PublishDir)*.staticwebassets.*.json" />
            </ItemGroup>
            <RemoveDir Directories="$(ContainerBuildLayersDir)" />
            <MakeDir Directories="$(ContainerBuildLayersDir)/runtime;$(ContainerBuildLayersDir)/packages;$(ContainerBuildLayersDir)/projectreferences;$(ContainerBuildLayersDir)/staticwebassets;$(ContainerBuildLayersDir)/app" />
            <Copy SourceFiles="@(_CbFile->'$(PublishDir)%(CbPath)')" DestinationFiles="@(_CbFile->'$(ContainerBuildLayersDir)/%(CbLayer)/%(CbPath)')" />
            <Copy SourceFiles="@(_CbWebRoot)" DestinationFiles="@(_CbWebRoot->'$(ContainerBuildLayersDir)/staticwebassets/wwwroot/%(RecursiveDir)%(Filename)%(Extension)')" />
            <Copy SourceFiles="@(_CbWebManifest)" DestinationFiles="@(_CbWebManifest->'$(ContainerBuildLayersDir)/staticwebassets/%(Filename)%(Extension)')" />
          </Target>
        </Project>
        """;
}
