namespace ContainerBuild.Tests.DotNet;

/// <summary>
/// A console app with a NuGet package (Newtonsoft.Json) and a project reference (Lib), written to a folder: its publish
/// has a file for each of the package, project-reference and app layers.
/// </summary>
internal static class LayeredProject
{
    public const string Greeting = "layered says hello";

    private static readonly Lazy<string> SharedProject = new(() => Write(Path.Combine(PublishedApp.ArtifactsRoot, "layered-src")));

    /// <summary>The project file of one copy written for the whole test run (publish it with <see cref="PublishedApp.SharedAsync"/>).</summary>
    public static string Shared => SharedProject.Value;

    /// <summary>Writes the two projects under <paramref name="directory"/> and returns the app's project file.</summary>
    public static string Write(string directory, string greeting = Greeting)
    {
        var app = Path.Combine(directory, "App");
        var lib = Path.Combine(directory, "Lib");
        Directory.CreateDirectory(app);
        Directory.CreateDirectory(lib);
        WriteIfChanged(Path.Combine(lib, "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        WriteIfChanged(Path.Combine(lib, "Greeter.cs"), "namespace Lib;\n\npublic static class Greeter\n{\n    public static string Greet(string text) => text;\n}\n");
        WriteIfChanged(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        WriteProgram(directory, greeting);
        return Path.Combine(app, "App.csproj");
    }

    // Unchanged files keep their mtimes, so a rerun with a kept artifacts folder builds incrementally.
    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }
    }

    /// <summary>Changes the one line of Program.cs that says what the app prints.</summary>
    public static void WriteProgram(string directory, string greeting) =>
        WriteIfChanged(
            Path.Combine(directory, "App", "Program.cs"),
            $"Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(Lib.Greeter.Greet(\"{greeting}\")));\n");
}
