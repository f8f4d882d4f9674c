using System.Diagnostics;
using ContainerBuild.Build;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using static ContainerBuild.Tests.Build.CopyBuilds;

namespace ContainerBuild.Tests.Build;

/// <summary>Builds in several real processes over one store (this assembly run again as <see cref="BuildChild"/>).</summary>
public sealed class CrossProcessBuildTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-build-xp");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Two_processes_building_the_same_graph_at_once_both_succeed_with_the_same_digest_and_a_consistent_store()
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"), extraFiles: 40, extraSize: 256 * 1024);
        var store = temp.Combine("store");
        var go = temp.Combine("go");
        var ready = new[] { temp.Combine("ready-1"), temp.Combine("ready-2") };
        var digests = new[] { temp.Combine("digest-1"), temp.Combine("digest-2") };

        var children = Enumerable.Range(0, 2).Select(i => BuildChild.Start(store, context, digests[i], ready[i], go)).ToList();
        try
        {
            while (!ready.All(File.Exists) && !children.Any(c => c.HasExited))
            {
                await Task.Delay(10, Token);
            }

            await File.WriteAllTextAsync(go, "go", Token);
            var results = await Task.WhenAll(children.Select(c => WaitAsync(c)));
            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        }
        finally
        {
            foreach (var child in children)
            {
                child.Kill(entireProcessTree: true);
                child.Dispose();
            }
        }

        var first = await File.ReadAllTextAsync(digests[0], Token);
        Assert.Equal(first, await File.ReadAllTextAsync(digests[1], Token));

        // The store holds whole, verified blobs only, and a third build finds everything cached with the same image.
        await AssertStoreIsConsistentAsync(store);
        var third = await new BuildService().BuildAsync(Request(CopyApp(Base("dotnet/aspnet:10.0")), store, context), Token);
        Assert.Equal(first, third.ImageDigest.ToString());
        Assert.Equal(0, third.Executed);
    }

    [Fact]
    public async Task A_build_killed_in_the_middle_of_a_solve_leaves_a_store_the_next_build_uses_without_error()
    {
        Requires.Registry();
        var context = WriteContext(temp.Combine("context"), extraFiles: 200, extraSize: 1024 * 1024);
        var store = temp.Combine("store");

        using (var child = BuildChild.Start(store, context, temp.Combine("digest")))
        {
            try
            {
                // Kill it once the copy has started: its progress line is printed when the vertex starts.
                var watch = Stopwatch.StartNew();
                while (await child.StandardOutput.ReadLineAsync(Token) is { } line && !line.EndsWith(CopyName, StringComparison.Ordinal))
                {
                    Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "The child never started the copy.");
                }

                await Task.Delay(150, Token);
                Assert.False(child.HasExited, "The child finished before it could be killed: give it more to copy.");
            }
            finally
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(Token);
        }

        Assert.False(File.Exists(temp.Combine("digest")));
        var next = await new BuildService().BuildAsync(Request(CopyApp(Base("dotnet/aspnet:10.0")), store, context), Token);
        var fresh = await new BuildService().BuildAsync(Request(CopyApp(Base("dotnet/aspnet:10.0")), temp.Combine("fresh"), context), Token);
        Assert.Equal(fresh.Root, next.Root);
        await AssertStoreIsConsistentAsync(store);
    }

    private static async Task AssertStoreIsConsistentAsync(string root)
    {
        var store = new ContentStore(root);
        var count = 0;
        await foreach (var info in store.EnumerateAsync(Token))
        {
            await using var read = store.OpenRead(info.Digest);
            Assert.Equal(info.Digest, await Digest.ComputeAsync(read, Token));
            count++;
        }

        Assert.True(count > 0);
    }

    private static async Task<(int ExitCode, string Output)> WaitAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
