using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>What a github event asks GitHub for, as Argo builds it (pure functions).</summary>
public static class GithubHookSettings
{
    /// <summary>The URL GitHub delivers to: <c>webhook.url</c> without a trailing slash, then the endpoint.</summary>
    public static string DeliveryUrl(WebhookEventSource webhook) => (webhook.Url ?? "").TrimEnd('/') + webhook.Endpoint;

    /// <summary>The hook's <c>config</c>: url, content_type (when set), insecure_ssl ("1" with <c>insecure</c>), secret (when set).</summary>
    public static IReadOnlyDictionary<string, string> Config(GithubEventSource spec, string? secret)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = DeliveryUrl(spec.Webhook!),
            ["insecure_ssl"] = spec.Insecure == true ? "1" : "0",
        };
        if (!string.IsNullOrEmpty(spec.ContentType))
        {
            config["content_type"] = spec.ContentType;
        }

        if (!string.IsNullOrEmpty(secret))
        {
            config["secret"] = secret;
        }

        return config;
    }

    /// <summary>Every organization, then every repository, the event registers a hook on.</summary>
    public static IEnumerable<HookTarget> Targets(GithubEventSource spec) =>
        (spec.Organizations ?? []).Select(o => new HookTarget(Organization, o))
            .Concat(spec.OwnedRepositories().Select(r => new HookTarget(Repository, $"{r.Owner}/{r.Name}")));

    public const string Organization = "organization";
    public const string Repository = "repository";

    /// <summary>An existing hook is ours when it delivers to the same URL for the same set of events (as Argo reuses hooks).</summary>
    public static bool IsSameHook(IReadOnlyDictionary<string, string>? config, IEnumerable<string>? events, string url, IEnumerable<string>? wanted) =>
        config is not null && config.TryGetValue("url", out var existing) && existing == url
        && (events ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(wanted ?? []);

    /// <summary>The API root: <c>githubBaseURL</c> with a trailing slash, or github.com's.</summary>
    public static Uri ApiRoot(GithubEventSource spec) =>
        string.IsNullOrEmpty(spec.GithubBaseURL) ? new Uri("https://api.github.com/") : new Uri(spec.GithubBaseURL.EndsWith('/') ? spec.GithubBaseURL : spec.GithubBaseURL + "/");
}
