using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>What a gitlab event asks GitLab for, as Argo builds it (pure functions).</summary>
public static class GitlabHookSettings
{
    public static string DeliveryUrl(WebhookEventSource webhook) => (webhook.Url ?? "").TrimEnd('/') + webhook.Endpoint;

    /// <summary><c>gitlabBaseURL</c> (default https://gitlab.com) followed by <c>api/v4/</c>.</summary>
    public static string ApiRoot(GitlabEventSource spec) =>
        (string.IsNullOrEmpty(spec.GitlabBaseURL) ? "https://gitlab.com" : spec.GitlabBaseURL).TrimEnd('/') + "/api/v4/";

    /// <summary>The hook to create: url, every known event off but those listed, SSL verification, the secret token.</summary>
    public static Dictionary<string, object> Body(GitlabEventSource spec, string? secretToken)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["url"] = DeliveryUrl(spec.Webhook!),
            ["enable_ssl_verification"] = spec.EnableSSLVerification ?? false,
        };
        foreach (var (name, (setting, _)) in GitlabHookEvents.All)
        {
            body[setting] = spec.Events?.Contains(name) == true;
        }

        if (!string.IsNullOrEmpty(secretToken))
        {
            body["token"] = secretToken;
        }

        return body;
    }
}
