using System.Text;

namespace ContainerBuild.Registry;

/// <summary>
/// What to authenticate with: a username and password, or an identity (refresh) token. Never
/// printed: <see cref="ToString"/> shows the username and which secret is present, not the secret.
/// </summary>
public sealed record RegistryCredential
{
    public RegistryCredential(string? username, string? password, string? identityToken = null, string? source = null)
    {
        Username = username ?? "";
        Password = password ?? "";
        IdentityToken = string.IsNullOrEmpty(identityToken) ? null : identityToken;
        Source = source;
    }

    public string Username { get; }

    public string Password { get; }

    /// <summary>An OAuth2 refresh token (Docker's <c>identitytoken</c>); used with <c>grant_type=refresh_token</c>.</summary>
    public string? IdentityToken { get; }

    /// <summary>Where it was found (an environment variable name, a config file, a helper), for messages.</summary>
    public string? Source { get; }

    public bool HasPassword => Username.Length > 0 && Password.Length > 0;

    /// <summary>The value of a Basic Authorization header.</summary>
    internal string ToBasicParameter() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() =>
        $"RegistryCredential {{ Username = {Username}, Password = {(Password.Length > 0 ? "***" : "(none)")}, IdentityToken = {(IdentityToken is null ? "(none)" : "***")}, Source = {Source} }}";
}
