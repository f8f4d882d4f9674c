using System.Globalization;

namespace ContainerBuild.Engine.Store;

/// <summary>Another process (or another holder in this one) kept a store lock longer than the caller would wait.</summary>
public sealed class StoreLockTimeoutException : ContentStoreException
{
    public StoreLockTimeoutException(string name, string path, TimeSpan timeout)
        : base(string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeout.TotalSeconds:0.###} s waiting for the store lock '{name}' ({path}); another build holds it."))
    {
        Name = name;
        LockPath = path;
        Timeout = timeout;
    }

    public string Name { get; }

    public string LockPath { get; }

    public TimeSpan Timeout { get; }
}
