using System.Diagnostics;
using System.Globalization;
using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Tests.Local;

/// <summary>Prints cold and warm checksum times over the installed .NET SDK; asserts only that the digest is stable.</summary>
public sealed class ContentChecksummerBenchmark
{
    [Fact]
    public async Task Checksum_of_the_installed_sdk_cold_and_warm()
    {
        var sdk = Directory.Exists("/usr/share/dotnet/sdk/10.0.401")
            ? "/usr/share/dotnet/sdk/10.0.401"
            : Path.Join(Path.GetDirectoryName(typeof(object).Assembly.Location), "..", "..", "..", "sdk");
        if (!Directory.Exists(sdk))
        {
            Assert.Skip($"No .NET SDK folder at {sdk}.");
        }

        using var cache = new TempDirectory("cb-contenthash-bench");
        var token = TestContext.Current.CancellationToken;
        var files = LocalDirectoryWalker.Walk(sdk).Count(e => e.Type == LocalEntryType.File);

        var clock = Stopwatch.StartNew();
        var cold = await new ContentChecksummer(cache.Path).ChecksumAsync(sdk, "", null, token);
        var coldTime = clock.Elapsed;

        clock.Restart();
        var fromFile = await new ContentChecksummer(cache.Path).ChecksumAsync(sdk, "", null, token);
        var fromFileTime = clock.Elapsed;

        var checksummer = new ContentChecksummer(cache.Path);
        await checksummer.ChecksumAsync(sdk, "", null, token);
        clock.Restart();
        var warm = await checksummer.ChecksumAsync(sdk, "", null, token);
        var warmTime = clock.Elapsed;

        Assert.Equal(cold, fromFile);
        Assert.Equal(cold, warm);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"contenthash {sdk}: {files} files; cold {coldTime.TotalMilliseconds:F0} ms, warm from the cache file {fromFileTime.TotalMilliseconds:F0} ms, warm in memory {warmTime.TotalMilliseconds:F0} ms"));
    }
}
