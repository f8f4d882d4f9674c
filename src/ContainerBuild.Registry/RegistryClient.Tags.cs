using System.Text.Json;

namespace ContainerBuild.Registry;

public sealed partial class RegistryClient
{
    /// <summary>The tags of a repository, following the registry's pagination (Link headers).</summary>
    /// <exception cref="RepositoryNameUnknownException">The repository does not exist.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken = default)
    {
        RepositoryNames.EnsureRepository(repository);
        var what = $"the tags of {repository}";
        var tags = new List<string>();
        string? next = $"/v2/{repository}/tags/list";
        for (var page = 0; next is not null && page < 1000; page++)
        {
            using var request = await CreateRequestAsync(HttpMethod.Get, next, [RegistryRequestOptions.Pull(repository)], cancellationToken).ConfigureAwait(false);
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailAsync(response, RegistryResourceKind.Other, what, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                }
            }
            catch (JsonException e)
            {
                throw new RegistryProtocolException($"Registry {Registry} answered {what} with something that is not JSON.", e);
            }

            next = NextPage(response);
        }

        return tags;
    }

    /// <summary>The path of <c>Link: &lt;/v2/...&gt;; rel="next"</c>, when there is one.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var start = value.IndexOf('<', StringComparison.Ordinal);
            var end = value.IndexOf('>', StringComparison.Ordinal);
            if (start >= 0 && end > start && value.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                var target = value[(start + 1)..end];
                return Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : target;
            }
        }

        return null;
    }
}
