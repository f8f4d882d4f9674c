using System.Diagnostics;
using ContainerBuild.Engine.Exec;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>Per-RUN overhead (start to exit of <c>true</c>) for runc and crun, printed beside docker run; asserts nothing about time.</summary>
public sealed class ExecOverheadBenchmark(ExecImages images)
{
    private const int Runs = 20;

    [Fact]
    public async Task Per_run_overhead_of_true_for_runc_crun_and_docker_run()
    {
        var output = TestContext.Current.TestOutputHelper!;
        foreach (var runtime in (OciRuntimeKind[])[OciRuntimeKind.Runc, OciRuntimeKind.Crun])
        {
            using var harness = new ExecHarness(images, runtime);
            var rootfs = await harness.BusyboxAsync();
            var request = new ExecRequest { Args = ["/bin/true"] };
            await harness.Executor.RunAsync(rootfs, request, cancellationToken: ExecHarness.Token); // warm-up
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Runs; i++)
            {
                Assert.Equal(0, (await harness.Executor.RunAsync(rootfs, request, cancellationToken: ExecHarness.Token)).ExitCode);
            }

            output.WriteLine($"{OciRuntimeExecutorOptions.RuntimeName(runtime)}: {clock.Elapsed.TotalMilliseconds / Runs:F1} ms per RUN of true (mean of {Runs}, spec + bundle + runtime + cleanup)");
        }

        if (DockerAvailable())
        {
            var image = $"{TestEnvironment.Registry}/busybox:amd64";
            await ProcessRunner.RunAsync(TestEnvironment.DockerCli, ["run", "--rm", image, "true"], cancellationToken: ExecHarness.Token);
            const int DockerRuns = 5;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < DockerRuns; i++)
            {
                (await ProcessRunner.RunAsync(TestEnvironment.DockerCli, ["run", "--rm", image, "true"], cancellationToken: ExecHarness.Token)).EnsureSuccess("docker run");
            }

            output.WriteLine($"docker run --rm busybox true: {clock.Elapsed.TotalMilliseconds / DockerRuns:F1} ms (mean of {DockerRuns})");
        }
    }

    private static bool DockerAvailable() => File.Exists(TestEnvironment.DockerCli) && File.Exists("/var/run/docker.sock");
}
