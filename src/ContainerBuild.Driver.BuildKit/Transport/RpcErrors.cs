using Grpc.Core;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>Turns gRPC failures into the driver's typed exceptions, keeping the facts.</summary>
internal sealed class RpcErrors(string endpoint)
{
    public const string ControlService = "/moby.buildkit.v1.Control/";

    /// <summary>The first BuildKit version that serves a method, for methods added after v0.8.</summary>
    private static readonly Dictionary<string, string> IntroducedIn = new(StringComparer.Ordinal)
    {
        [ControlService + "Info"] = "v0.11 or later",
        [ControlService + "ListenBuildHistory"] = "v0.11 or later",
        [ControlService + "UpdateBuildHistory"] = "v0.11 or later",
    };

    /// <summary>A failure of any call: reachability, a missing method, cancellation; otherwise null.</summary>
    public Exception? Common(string method, RpcException error, CancellationToken cancellationToken)
    {
        if (FindOurs(error) is { } ours)
        {
            return ours;
        }

        if (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"{method} was cancelled.", error, cancellationToken);
        }

        return error.StatusCode switch
        {
            StatusCode.Unimplemented => new BuildKitUnsupportedException(
                method, IntroducedIn.GetValueOrDefault(method, "newer than this daemon's"), endpoint, error),
            StatusCode.Unavailable => new BuildKitUnreachableException(
                $"BuildKit is unreachable at {endpoint}: {Detail(error)}.", endpoint, error),
            _ => null,
        };
    }

    /// <summary>A failure of a call that is not a build.</summary>
    public Exception ForCall(string method, RpcException error, CancellationToken cancellationToken) =>
        Common(method, error, cancellationToken)
        ?? new BuildKitProtocolException($"BuildKit at {endpoint} failed {method}: {error.StatusCode}: {error.Status.Detail}", endpoint, error);

    /// <summary>A failure of Solve: the build's own error, with the failed vertex when the status stream named it.</summary>
    public Exception ForSolve(RpcException error, string reference, BuildKitVertex? failed, CancellationToken cancellationToken) =>
        Common(ControlService + "Solve", error, cancellationToken)
        ?? new BuildKitSolveException(reference, error.Status.Detail, failed, endpoint, error);

    private static string Detail(RpcException error)
    {
        var inner = error.Status.DebugException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is null ? error.Status.Detail : $"{error.Status.Detail} ({inner.Message})";
    }

    // Our connect callbacks throw typed exceptions; gRPC wraps them in HttpRequestException inside the RpcException.
    private static BuildKitException? FindOurs(RpcException error)
    {
        for (var e = error.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is BuildKitException ours)
            {
                return ours;
            }
        }

        return null;
    }
}
