using System.Diagnostics;
using System.Security.Cryptography;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Runs RUN steps with an OCI runtime (<c>runc</c> or <c>crun</c> <c>run --bundle DIR ID</c>) in a root filesystem
/// the caller prepared (DESIGN decision 3): stdin closed, output streamed line by line and its tail kept, the exit
/// code checked. A cancelled run is killed, deleted from the runtime's state and leaves no bundle. Thread-safe.
/// </summary>
public sealed class OciRuntimeExecutor
{
    private readonly OciRuntimeExecutorOptions options;
    private readonly OciRuntimeSpecBuilder specs;
    private readonly Lazy<string> runtimePath;

    public OciRuntimeExecutor(OciRuntimeExecutorOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        specs = new OciRuntimeSpecBuilder(options.Spec);
        runtimePath = new Lazy<string>(() => OciRuntimeLocator.Locate(options.Runtime, options.RuntimePath));
    }

    /// <summary>The runtime binary this executor runs.</summary>
    /// <exception cref="OciRuntimeNotFoundException">It is not installed.</exception>
    public string RuntimePath => runtimePath.Value;

    /// <summary>
    /// Runs <paramref name="request"/> in <paramref name="rootfs"/> (which it writes to: the working directory, and
    /// mount stubs the runtime needs, removed again after the run when still empty).
    /// </summary>
    /// <param name="rootfs">The root filesystem, writable (an overlay mount or a private copy).</param>
    /// <param name="request">What to run.</param>
    /// <param name="onLog">Receives each output line as it is written, one call at a time.</param>
    /// <param name="cancellationToken">Kills the container.</param>
    /// <exception cref="ExecFailedException">The command exited with a code not in <see cref="ExecRequest.ValidExitCodes"/>.</exception>
    /// <exception cref="OciRuntimeNotFoundException">The runtime is not installed.</exception>
    /// <exception cref="EmulationUnavailableException">The root filesystem's platform needs an emulator that is not registered.</exception>
    /// <exception cref="InsecureEntitlementRequiredException">Insecure mode without the entitlement.</exception>
    /// <exception cref="ExecUserNotFoundException">The user or group is not in the root filesystem.</exception>
    public async Task<ExecResult> RunAsync(string rootfs, ExecRequest request, Action<ExecLogLine>? onLog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var runtime = RuntimePath;
        if (request.Platform is { } platform)
        {
            Binfmt.EnsureCanRun(platform, rootfs);
        }

        var id = "cb-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Directory.CreateDirectory(options.StateDirectory);
        Directory.CreateDirectory(options.BundleDirectory);

        // Held until the container is gone: a cleanup (in any process) tells a live run from a killed build's orphan by it.
        using var owner = StoreLock.TryAcquire(options.BundleDirectory, id) ?? throw new IOException($"The fresh container lock {id} in {options.BundleDirectory} is held by someone else.");
        var bundleDirectory = Path.Combine(options.BundleDirectory, id);
        OciBundle bundle;
        try
        {
            bundle = specs.Prepare(rootfs, request, bundleDirectory, id);
        }
        catch
        {
            DeleteBundle(bundleDirectory);
            File.Delete(owner.Path);
            throw;
        }

        var tail = new LogTail(options.LogTailLines);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var exitCode = await RunContainerAsync(runtime, id, bundle.Directory, tail, onLog, cancellationToken).ConfigureAwait(false);
            var lastLines = tail.Snapshot();
            return request.IsValidExitCode(exitCode)
                ? new ExecResult(exitCode, lastLines, Stopwatch.GetElapsedTime(started), id)
                : throw new ExecFailedException(request.Args, exitCode, lastLines);
        }
        finally
        {
            MountStubs.Remove(Path.GetFullPath(rootfs), bundle.Stubs);
            DeleteBundle(bundle.Directory);
            File.Delete(owner.Path);
        }
    }

    /// <summary>
    /// Removes what killed builds left: their containers (still running when the build died mid-RUN: killed), the
    /// runtime's state of them, and their bundles. A container or bundle whose owning run is alive, in this process or
    /// another, is left alone. Returns how many dead runs it cleaned up. Runs the runtime only when a dead build's
    /// container is in its state directory.
    /// </summary>
    /// <exception cref="OciRuntimeNotFoundException">A dead build's container is left, and the runtime is not installed.</exception>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        var containers = Names(options.StateDirectory, directories: true);
        var removed = 0;
        foreach (var id in containers.Union(Names(options.BundleDirectory, directories: true)).Union(Names(options.BundleDirectory, directories: false)).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var owner = StoreLock.TryAcquire(options.BundleDirectory, id);
            if (owner is null)
            {
                continue; // Its run is alive.
            }

            if (containers.Contains(id))
            {
                // Kills a container that still runs (SIGKILL, waiting for it to die) and removes its state and cgroup.
                await RunQuietlyAsync(RuntimePath, "delete", "--force", id).ConfigureAwait(false);
            }

            var bundle = Path.Combine(options.BundleDirectory, id);
            if (containers.Contains(id) || Directory.Exists(bundle))
            {
                DeleteBundle(bundle);
                removed++;
            }

            File.Delete(owner.Path);
        }

        return removed;
    }

    /// <summary>The container ids (<c>cb-*</c>) named by the directories, or the lock files, in <paramref name="directory"/>.</summary>
    private static HashSet<string> Names(string directory, bool directories)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            var info = new DirectoryInfo(directory);
            names.UnionWith(directories
                ? info.EnumerateDirectories("cb-*").Select(d => d.Name)
                : info.EnumerateFiles("cb-*.lock").Select(f => Path.GetFileNameWithoutExtension(f.Name)));
        }

        return names;
    }

    private async Task<int> RunContainerAsync(string runtime, string id, string bundle, LogTail tail, Action<ExecLogLine>? onLog, CancellationToken cancellationToken)
    {
        var start = RuntimeCommand(runtime, "run", "--bundle", bundle, id);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{runtime} did not start.");
        process.StandardInput.Close();
        var gate = new object();
        Action<string> Sink(int stream) => line =>
        {
            tail.Add(line);
            if (onLog is not null)
            {
                lock (gate)
                {
                    onLog(new ExecLogLine(stream, line, DateTimeOffset.UtcNow));
                }
            }
        };
        var pumps = Task.WhenAll(
            LineReader.PumpAsync(process.StandardOutput.BaseStream, Sink(1)),
            LineReader.PumpAsync(process.StandardError.BaseStream, Sink(2)));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(runtime, id, process).ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
            throw;
        }

        await pumps.ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>SIGKILL the container until the runtime reports its exit, then remove whatever state is left.</summary>
    private async Task KillAsync(string runtime, string id, Process process)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.KillTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!process.HasExited && Stopwatch.GetTimestamp() < deadline)
        {
            // Repeated: a kill that lands before the runtime has created the container finds nothing to kill.
            await RunQuietlyAsync(runtime, "kill", id, "KILL").ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Not dead yet: kill again.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await RunQuietlyAsync(runtime, "delete", "--force", id).ConfigureAwait(false);
    }

    /// <summary>Runs the runtime with our state root and returns its stdout; failures are expected and ignored.</summary>
    private async Task<string> RunQuietlyAsync(string runtime, params string[] arguments)
    {
        var start = RuntimeCommand(runtime, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start);
        if (process is null)
        {
            return "";
        }

        // Both drained so a chatty error cannot block the runtime; "does not exist" is the expected answer late in a kill.
        var stdout = process.StandardOutput.ReadToEndAsync();
        await Task.WhenAll(stdout, process.StandardError.ReadToEndAsync(), process.WaitForExitAsync()).ConfigureAwait(false);
        return await stdout.ConfigureAwait(false);
    }

    private ProcessStartInfo RuntimeCommand(string runtime, params string[] arguments)
    {
        var start = new ProcessStartInfo(runtime) { UseShellExecute = false };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(options.StateDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static void DeleteBundle(string bundle)
    {
        try
        {
            Directory.Delete(bundle, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never made (the spec failed before writing it).
        }
    }
}
