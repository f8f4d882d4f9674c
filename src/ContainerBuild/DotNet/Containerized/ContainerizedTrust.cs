using System.Text;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Graph;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// What build steps may use but the image must never hold (DESIGN decision 9): the host's CA bundle mounted read-only
/// over the image's (<c>ContainerBuildTrustHostCertificates</c>, on by default), NuGet feed credentials
/// (<c>NuGetPackageSourceCredentials_&lt;source&gt;</c>, which NuGet reads itself) and the npm token (<c>NPM_TOKEN</c>).
/// All are secret mounts: their bytes reach no layer, cache key, log or metadata, and a step exports them into its own
/// shell only.
/// </summary>
/// <param name="HostCertificates">The host's CA bundle, or null when not trusted or absent.</param>
/// <param name="NuGetCredentials">Source name to the environment variable holding its credentials.</param>
/// <param name="NpmToken">The environment variable holding the npm token, or null.</param>
public sealed record ContainerizedTrust(string? HostCertificates, IReadOnlyDictionary<string, string> NuGetCredentials, string? NpmToken)
{
    public const string CertificateBundle = "/etc/ssl/certs/ca-certificates.crt";
    public const string CertificatesSecretId = "containerbuild-host-ca";
    public const string NpmTokenSecretId = "npm-token";
    public const string NuGetCredentialsPrefix = "NuGetPackageSourceCredentials_";
    private const string SecretsDirectory = "/run/secrets/";

    public static ContainerizedTrust None { get; } = new(null, new Dictionary<string, string>(StringComparer.Ordinal), null);

    /// <summary>From the environment read at the host's edge.</summary>
    /// <param name="trustHostCertificates">Whether to mount the host's CA bundle (when it exists).</param>
    public static ContainerizedTrust From(IReadOnlyDictionary<string, string?> environment, bool trustHostCertificates, string certificateBundle = CertificateBundle)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var credentials = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            var source = name.StartsWith(NuGetCredentialsPrefix, StringComparison.OrdinalIgnoreCase) ? name[NuGetCredentialsPrefix.Length..] : "";
            if (source.Length > 0 && !string.IsNullOrEmpty(value) && source.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                credentials[source] = name;
            }
        }

        var npm = environment.TryGetValue("NPM_TOKEN", out var token) && !string.IsNullOrEmpty(token) ? "NPM_TOKEN" : null;
        var bundle = trustHostCertificates && File.Exists(certificateBundle) ? certificateBundle : null;
        return new ContainerizedTrust(bundle, credentials, npm);
    }

    public static string NuGetSecretId(string source) => "nuget-credentials-" + source;

    /// <summary>The secrets the build passes in, by id.</summary>
    public IReadOnlyDictionary<string, SecretSource> Secrets()
    {
        var secrets = new Dictionary<string, SecretSource>(StringComparer.Ordinal);
        if (HostCertificates is { } bundle)
        {
            secrets[CertificatesSecretId] = SecretSource.FromFile(bundle);
        }

        foreach (var (source, variable) in NuGetCredentials)
        {
            secrets[NuGetSecretId(source)] = SecretSource.FromEnvironment(variable);
        }

        if (NpmToken is { } npm)
        {
            secrets[NpmTokenSecretId] = SecretSource.FromEnvironment(npm);
        }

        return secrets;
    }

    /// <summary>The secret mounts of the restore step: the CA bundle and the NuGet credentials.</summary>
    public IReadOnlyList<SecretMount> RestoreMounts() =>
        [.. CertificateMounts(), .. NuGetCredentials.Keys.Select(s => new SecretMount(SecretsDirectory + NuGetSecretId(s), NuGetSecretId(s)))];

    /// <summary>The secret mounts of the front-end step: the CA bundle and the npm token.</summary>
    public IReadOnlyList<SecretMount> NpmMounts() =>
        [.. CertificateMounts(), .. (NpmToken is null ? [] : (SecretMount[])[new SecretMount(SecretsDirectory + NpmTokenSecretId, NpmTokenSecretId)])];

    /// <summary>The secret mounts of the front-end build: the CA bundle only (node is told of it; the build needs no token).</summary>
    public IReadOnlyList<SecretMount> FrontEndBuildMounts() => [.. CertificateMounts()];

    /// <summary>Shell lines exporting each NuGet credential from its secret file (for NuGet's own variable).</summary>
    public string CredentialExports()
    {
        var text = new StringBuilder();
        foreach (var source in NuGetCredentials.Keys)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"export {NuGetCredentialsPrefix}{source}=\"$(cat {SecretsDirectory}{NuGetSecretId(source)})\" && ");
        }

        return text.ToString();
    }

    /// <summary>A shell line exporting NPM_TOKEN from its secret file (an .npmrc reads <c>${NPM_TOKEN}</c>).</summary>
    public string NpmExports() => NpmToken is null ? "" : $"export NPM_TOKEN=\"$(cat {SecretsDirectory}{NpmTokenSecretId})\" && ";

    // 0444 over the image's bundle, optional so a host without one still builds.
    private IEnumerable<SecretMount> CertificateMounts() =>
        HostCertificates is null ? [] : [new SecretMount(CertificateBundle, CertificatesSecretId) { Mode = 0x124, Optional = true }];
}
