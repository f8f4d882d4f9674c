namespace ContainerBuild.Sdk.Tests;

/// <summary>The ways a project brings in ContainerBuild.Sdk.</summary>
public enum SdkReference
{
    /// <summary><c>&lt;PackageReference Include="ContainerBuild.Sdk" ... PrivateAssets="all" /&gt;</c> (dotnet add package).</summary>
    PackageReference,

    /// <summary><c>&lt;Sdk Name="ContainerBuild.Sdk" Version="..." /&gt;</c> inside the project.</summary>
    SdkElement,

    /// <summary><c>Sdk="Microsoft.NET.Sdk.Web;ContainerBuild.Sdk/..."</c> on the project element.</summary>
    SdkAttribute,
}
