using System.Security.Cryptography;
using System.Text;

namespace ContainerBuild.DotNet;

/// <summary>
/// The hashes of everything that decides what a <see cref="DotNetImageRequest"/> makes and where it goes, in two parts so
/// a log can say which changed: every request field that reaches the image or its outputs (not progress), the
/// environment that picks registries, credential files and the local daemon (paths and user names only: no password
/// enters it, and only the hash is ever written) and the build of ContainerBuild itself; and each published file's
/// path, size, mode and mtime. The base image's digest is not in them: <see cref="DotNetImageOutputCheck"/> asks the
/// registry for that.
/// </summary>
internal static class DotNetImageFingerprintKey
{
    private const string Version = "containerbuild-dotnet-fingerprint/1";

    // Where images go and which credentials and daemon are used; *_PWORD is left out on purpose.
    private static readonly string[] EnvironmentIdentity =
    [
        "DOTNET_CONTAINER_INSECURE_REGISTRIES", "DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "HOME", "XDG_RUNTIME_DIR",
        "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_UNAME",
        "DOCKER_HOST", "DOCKER_CONTEXT", "CONTAINER_HOST",
    ];

    /// <summary>The key of the settings (with the environment and ContainerBuild's own build), as lowercase hex.</summary>
    /// <param name="request">The request.</param>
    /// <param name="archiveFile">The archive the image is written to, if it is.</param>
    /// <param name="loadClient">The program that loads it into the local daemon, if it is loaded.</param>
    public static string Settings(DotNetImageRequest request, string? archiveFile, string? loadClient)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var add = new Writer(hash);
        add.Text(Version);
        AddProduct(add);
        add.Text(request.BaseImage);
        add.Text(request.Repository);
        add.List(request.Tags);
        add.Text(request.Registry);
        add.Text(archiveFile);
        add.Text(request.LocalRegistry);
        add.Text(loadClient);
        add.Text(request.ImageFormat);
        add.Text(request.WorkingDirectory);
        add.Text(request.User);
        add.Text(request.AppFilesOwner);
        add.List(request.AppCommand);
        add.List(request.AppCommandArgs);
        add.List(request.DefaultArgs);
        add.Text(request.AppCommandInstruction);
        add.List(request.Ports);
        add.Pairs(request.EnvironmentVariables);
        add.Pairs(request.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
        add.Flag(request.GenerateBaseNameLabel);
        add.Flag(request.GenerateBaseDigestLabel);
        add.Pairs(request.ManifestAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal));
        add.Pairs(request.IndexAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal));
        add.Text(request.Compression.ToString());
        add.Number(request.CompressionLevel ?? -1);
        add.Flag(request.ForceCompression);
        add.Flag(request.BuildInfo);
        add.Number(request.SourceDate.ToUnixTimeMilliseconds());
        add.Count(request.RunSteps.Count);
        if (request.RunSteps.Count > 0)
        {
            AddRunSteps(add, request.RunSteps);
        }

        foreach (var name in EnvironmentIdentity)
        {
            add.Text(name);
            add.Text(request.Environment.TryGetValue(name, out var value) ? value : null);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The key of the published files (platform, path, size, mode and mtime of each: one stat apiece), as lowercase hex.</summary>
    /// <exception cref="FileNotFoundException">A published file does not exist (the full build then says which).</exception>
    public static string Files(DotNetImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var add = new Writer(hash);
        add.Text(Version);
        add.Count(request.Platforms.Count);
        foreach (var platform in request.Platforms)
        {
            add.Text(platform.Platform.ToString());
            add.Text(platform.RuntimeIdentifier);
            add.Count(platform.Files.Count);
            foreach (var file in platform.Files)
            {
                var info = new FileInfo(file.SourcePath);
                if (!info.Exists)
                {
                    throw new FileNotFoundException($"The published file {file.SourcePath} does not exist.", file.SourcePath);
                }

                add.Text(info.FullName);
                add.Text(file.RelativePath);
                add.Count((int)file.Layer);
                add.Number(info.Length);
                add.Number(info.LastWriteTimeUtc.Ticks);
                add.Number(OperatingSystem.IsWindows() ? 0 : (long)info.UnixFileMode);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Apart, so that a request without steps never loads the Dockerfile frontend's mount types.
    private static void AddRunSteps(Writer add, IReadOnlyList<ContainerRunStep> steps)
    {
        foreach (var step in steps)
        {
            add.Text(step.Command);
            add.List([.. step.Mounts.Select(m => m.Text)]);
            add.Text(step.User);
            add.Text(step.Network.ToString());
            add.Text(step.WorkingDirectory);
            add.Text(step.Stage.ToString());
        }
    }

    // Another build of ContainerBuild may write other bytes: its assemblies' sizes and mtimes (a stat each) stand for it.
    private static void AddProduct(Writer add)
    {
        var own = typeof(DotNetImageFingerprintKey).Assembly;
        add.Text(own.ManifestModule.ModuleVersionId.ToString());
        var directory = Path.GetDirectoryName(own.Location);
        if (string.IsNullOrEmpty(directory))
        {
            return; // single-file host: the module id is all there is
        }

        foreach (var file in Directory.EnumerateFiles(directory, "ContainerBuild*.dll").Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            add.Text(info.Name);
            add.Number(info.Length);
            add.Number(info.LastWriteTimeUtc.Ticks);
        }
    }

    /// <summary>Length-prefixed fields, so that no two different requests hash the same bytes.</summary>
    private sealed class Writer(IncrementalHash hash)
    {
        public void Text(string? value)
        {
            if (value is null)
            {
                Number(-1);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value);
            Number(bytes.Length);
            hash.AppendData(bytes);
        }

        public void Number(long value)
        {
            Span<byte> bytes = stackalloc byte[sizeof(long)];
            BitConverter.TryWriteBytes(bytes, value);
            hash.AppendData(bytes);
        }

        public void Count(int value) => Number(value);

        public void Flag(bool value) => Number(value ? 1 : 0);

        public void List(IReadOnlyList<string> values)
        {
            Count(values.Count);
            foreach (var value in values)
            {
                Text(value);
            }
        }

        public void Pairs(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var list = pairs.ToList();
            Count(list.Count);
            foreach (var (key, value) in list)
            {
                Text(key);
                Text(value);
            }
        }
    }
}
