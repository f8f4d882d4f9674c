namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>Where a secret's bytes come from: a file, or an environment variable of the building process.</summary>
public sealed record SecretSource
{
    private SecretSource(string? file, string? variable)
    {
        FilePath = file;
        EnvironmentVariable = variable;
    }

    public string? FilePath { get; }

    public string? EnvironmentVariable { get; }

    public static SecretSource FromFile(string path) => new(path ?? throw new ArgumentNullException(nameof(path)), null);

    public static SecretSource FromEnvironment(string variable) => new(null, variable ?? throw new ArgumentNullException(nameof(variable)));

    /// <summary>The secret's bytes; null when the file or variable does not exist.</summary>
    public async Task<byte[]?> TryReadAsync(CancellationToken cancellationToken = default)
    {
        if (FilePath is { } file)
        {
            return File.Exists(file) ? await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false) : null;
        }

        return Environment.GetEnvironmentVariable(EnvironmentVariable!) is { } value ? System.Text.Encoding.UTF8.GetBytes(value) : null;
    }

    // Never the value: this type may be logged.
    public override string ToString() => FilePath is { } file ? $"file {file}" : $"env {EnvironmentVariable}";
}
