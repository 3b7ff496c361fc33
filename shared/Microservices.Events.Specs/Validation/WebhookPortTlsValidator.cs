using System.Globalization;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// The webhook routes of one EventSource that share a port share its listener, so they agree on TLS: the same
/// <c>serverCertSecret</c> and <c>serverKeySecret</c>, or neither. A route that disagrees with the first on its port is
/// an error naming both. (Routes of different EventSources are checked by ingress when it applies the specs.)
/// </summary>
public static class WebhookPortTlsValidator
{
    public static void Validate(EventSourceSpec spec, List<SpecDiagnostic> d)
    {
        var first = new Dictionary<int, (string Path, WebhookEventSource Webhook)>();
        foreach (var (path, webhook) in Contexts(spec))
        {
            if (!int.TryParse(webhook.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || (webhook.ServerCertSecret is null) != (webhook.ServerKeySecret is null))
            {
                continue;
            }

            if (!first.TryGetValue(port, out var existing))
            {
                first[port] = (path, webhook);
            }
            else if (webhook.ServerCertSecret != existing.Webhook.ServerCertSecret || webhook.ServerKeySecret != existing.Webhook.ServerKeySecret)
            {
                d.Add(EventSourceValidator.Error($"{path}.serverCertSecret", $"port {port} is served with {Describe(existing.Webhook)} by {existing.Path}, but this route asks for {Describe(webhook)}; routes on one port must agree on TLS"));
            }
        }
    }

    private static string Describe(WebhookEventSource webhook) =>
        webhook.ServerCertSecret is { } cert && webhook.ServerKeySecret is { } key
            ? $"HTTPS (serverCertSecret \"{cert.Name}/{cert.Key}\", serverKeySecret \"{key.Name}/{key.Key}\")"
            : "plain HTTP";

    /// <summary>Every webhook route of the spec with its path, the <c>webhook</c> kind's first.</summary>
    private static IEnumerable<(string Path, WebhookEventSource Webhook)> Contexts(EventSourceSpec spec)
    {
        foreach (var (name, webhook) in spec.Webhook ?? new Dictionary<string, WebhookEventSource>())
        {
            yield return ($"spec.webhook.{name}", webhook);
        }

        var others = new IEnumerable<(string, WebhookEventSource?)>[]
        {
            (spec.Github ?? new Dictionary<string, GithubEventSource>()).Select(e => ($"spec.github.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Gitlab ?? new Dictionary<string, GitlabEventSource>()).Select(e => ($"spec.gitlab.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Slack ?? new Dictionary<string, SlackEventSource>()).Select(e => ($"spec.slack.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Stripe ?? new Dictionary<string, StripeEventSource>()).Select(e => ($"spec.stripe.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Sns ?? new Dictionary<string, SnsEventSource>()).Select(e => ($"spec.sns.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Bitbucket ?? new Dictionary<string, BitbucketEventSource>()).Select(e => ($"spec.bitbucket.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Bitbucketserver ?? new Dictionary<string, BitbucketServerEventSource>()).Select(e => ($"spec.bitbucketserver.{e.Key}.webhook", e.Value.Webhook)),
            (spec.Cloudevents ?? new Dictionary<string, CloudEventsEventSource>()).Select(e => ($"spec.cloudevents.{e.Key}.webhook", e.Value.Webhook)),
        };
        foreach (var (path, webhook) in others.SelectMany(o => o))
        {
            if (webhook is not null)
            {
                yield return (path, webhook);
            }
        }
    }
}
