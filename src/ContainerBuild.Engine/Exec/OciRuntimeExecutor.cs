using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

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
        var bundleDirectory = Path.Combine(options.BundleDirectory, id);
        OciBundle bundle;
        try
        {
            bundle = specs.Prepare(rootfs, request, bundleDirectory, id);
        }
        catch
        {
            DeleteBundle(bundleDirectory);
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
        }
    }

    /// <summary>
    /// Removes what a killed build left: stopped containers in our state root, and bundles older than
    /// <paramref name="gracePeriod"/> whose container the runtime no longer knows. Running containers are left alone
    /// (another process may own them). Returns how many bundles it removed.
    /// </summary>
    public async Task<int> CleanupAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(options.BundleDirectory))
        {
            return 0;
        }

        var runtime = RuntimePath;
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(options.StateDirectory))
        {
            var listing = await RunQuietlyAsync(runtime, "list", "--format", "json").ConfigureAwait(false);
            if (listing.Trim() is { Length: > 0 } json && json != "null")
            {
                using var document = JsonDocument.Parse(json);
                foreach (var container in document.RootElement.EnumerateArray())
                {
                    known[container.GetProperty("id").GetString() ?? ""] = container.GetProperty("status").GetString() ?? "";
                }
            }
        }

        var removed = 0;
        var cutoff = DateTime.UtcNow - gracePeriod;
        foreach (var bundle in new DirectoryInfo(options.BundleDirectory).EnumerateDirectories("cb-*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (known.TryGetValue(bundle.Name, out var status))
            {
                if (status != "stopped")
                {
                    continue;
                }

                await RunQuietlyAsync(runtime, "delete", "--force", bundle.Name).ConfigureAwait(false);
            }
            else if (bundle.LastWriteTimeUtc > cutoff)
            {
                continue; // Maybe a run that has written its bundle and not yet started the runtime.
            }

            DeleteBundle(bundle.FullName);
            removed++;
        }

        return removed;
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
