using System.Globalization;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// A user's project in a folder of its own, referencing ContainerBuild.Sdk from the tests' feed: written from text, or
/// a copy of one of the repository's samples. Runs dotnet in it with the tests' environment.
/// </summary>
public sealed class SdkProject : IDisposable
{
    private readonly TempDirectory root;

    private SdkProject(TempDirectory root, string directory, string projectFile)
    {
        this.root = root;
        Directory = directory;
        ProjectPath = Path.Combine(directory, projectFile);
        DockerConfig = root.Combine("docker-config");
        System.IO.Directory.CreateDirectory(DockerConfig);
        Environment = SdkFeed.Environment(DockerConfig);
    }

    public string Directory { get; }

    public string ProjectPath { get; }

    /// <summary>An empty DOCKER_CONFIG of its own, so the machine's credentials never leak into a test.</summary>
    public string DockerConfig { get; }

    /// <summary>The environment dotnet runs with; tests add to it (credentials, SOURCE_DATE_EPOCH).</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>A console app (or any SDK) whose project body is <paramref name="body"/>.</summary>
    public static SdkProject Create(SdkReference reference, string body = "", string sdk = "Microsoft.NET.Sdk", string name = "App", string program = "System.Console.WriteLine(\"hi\");")
    {
        SdkFeed.EnsurePacked();
        var temp = new TempDirectory("cb-sdk");
        var directory = temp.Combine(name);
        System.IO.Directory.CreateDirectory(directory);
        SdkFeed.WriteNuGetConfig(directory);
        var project = $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            {body}
            </Project>
            """;
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), AddReference(project, reference));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return new SdkProject(temp, directory, name + ".csproj");
    }

    /// <summary>A copy of samples/<paramref name="sample"/> (with the samples' Directory.Build.props) that references the SDK.</summary>
    public static SdkProject FromSample(string sample, SdkReference reference)
    {
        SdkFeed.EnsurePacked();
        var temp = new TempDirectory("cb-sdk-" + sample.ToLowerInvariant());
        var samples = Path.Combine(TestEnvironment.RepositoryRoot, "samples");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(samples, file), temp.Combine(file));
        }

        var directory = temp.Combine(sample);
        CopyDirectory(Path.Combine(samples, sample), directory);
        SdkFeed.WriteNuGetConfig(temp.Path);
        var projectFile = sample + ".csproj";
        var projectPath = Path.Combine(directory, projectFile);
        File.WriteAllText(projectPath, AddReference(File.ReadAllText(projectPath), reference));
        return new SdkProject(temp, directory, projectFile);
    }

    /// <summary>Inserts <paramref name="xml"/> (properties or items) before the project's end.</summary>
    public void AddToProject(string xml)
    {
        var text = File.ReadAllText(ProjectPath);
        var end = text.LastIndexOf("</Project>", StringComparison.Ordinal);
        File.WriteAllText(ProjectPath, text[..end] + xml + "\n" + text[end..]);
    }

    public Task<ProcessResult> DotnetAsync(params string[] arguments) => DotnetWithAsync(null, arguments);

    /// <summary>dotnet with <see cref="Environment"/> and, on top of it for this run only, <paramref name="environment"/>.</summary>
    public Task<ProcessResult> DotnetWithAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var merged = new Dictionary<string, string?>(Environment, StringComparer.Ordinal);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return ProcessRunner.RunAsync("dotnet", arguments, Directory, merged, TimeSpan.FromMinutes(8), TestContext.Current.CancellationToken);
    }

    /// <summary><c>dotnet publish</c> with <paramref name="arguments"/>, in Release.</summary>
    public Task<ProcessResult> PublishAsync(params string[] arguments) => PublishWithAsync(null, arguments);

    public Task<ProcessResult> PublishWithAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        DotnetWithAsync(environment, ["publish", ProjectPath, "-c", "Release", "-nologo", .. arguments]);

    /// <summary>Runs <paramref name="target"/> and reads properties and items back (no restore: the SDK form needs none).</summary>
    public async Task<EvaluatedProject> EvaluateAsync(string target, string[] properties, string[] items, params string[] arguments)
    {
        var args = new List<string> { "msbuild", ProjectPath, "-nologo", "-t:" + target, "-getProperty:MSBuildProjectName" };
        args.AddRange(properties.Select(p => "-getProperty:" + p));
        args.AddRange(items.Select(i => "-getItem:" + i));
        args.AddRange(arguments);
        return new EvaluatedProject(await DotnetAsync([.. args]));
    }

    public void Dispose() => root.Dispose();

    private static string AddReference(string project, SdkReference reference)
    {
        var version = SdkFeed.Version;
        switch (reference)
        {
            case SdkReference.PackageReference:
                var end = project.LastIndexOf("</Project>", StringComparison.Ordinal);
                return project[..end]
                    + $"  <ItemGroup>\n    <PackageReference Include=\"ContainerBuild.Sdk\" Version=\"{version}\" PrivateAssets=\"all\" />\n  </ItemGroup>\n"
                    + project[end..];
            case SdkReference.SdkElement:
                var open = project.IndexOf('>', project.IndexOf("<Project", StringComparison.Ordinal)) + 1;
                return project[..open] + $"\n  <Sdk Name=\"ContainerBuild.Sdk\" Version=\"{version}\" />" + project[open..];
            default:
                var sdkStart = project.IndexOf("Sdk=\"", StringComparison.Ordinal) + 5;
                var sdkEnd = project.IndexOf('"', sdkStart);
                return project[..sdkEnd] + string.Create(CultureInfo.InvariantCulture, $";ContainerBuild.Sdk/{version}") + project[sdkEnd..];
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in System.IO.Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(sub);
            if (name is not ("bin" or "obj" or "node_modules"))
            {
                CopyDirectory(sub, Path.Combine(to, name));
            }
        }
    }
}
