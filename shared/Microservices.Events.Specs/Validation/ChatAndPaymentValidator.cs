using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>slack</c>, <c>stripe</c>, <c>sns</c>, <c>bitbucket</c> and <c>bitbucketserver</c> events: their webhook route and settings.</summary>
internal static class ChatAndPaymentValidator
{
    public static void ValidateSlack(string path, SlackEventSource slack, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, slack.Webhook, routes, d);
        EventSourceValidator.ValidateFilter(path, slack.Filter, d);
    }

    public static void ValidateStripe(string path, StripeEventSource stripe, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, stripe.Webhook, routes, d);
        if (stripe.CreateWebhook == true)
        {
            if (stripe.ApiKey is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.apiKey", "required when createWebhook is true"));
            }

            if (string.IsNullOrEmpty(stripe.Webhook?.Url))
            {
                d.Add(EventSourceValidator.Error($"{path}.webhook.url", "required when createWebhook is true"));
            }

            d.Add(new(DiagnosticSeverity.Warning, $"{path}.createWebhook", "the Stripe webhook endpoint is not created here: create it in Stripe and set signingSecret to its secret"));
        }

        if (stripe.SignatureToleranceSeconds is <= 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.signatureToleranceSeconds", "must be greater than 0"));
        }

        EventSourceValidator.ValidateFilter(path, stripe.Filter, d);
    }

    public static void ValidateSns(string path, SnsEventSource sns, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, sns.Webhook, routes, d);
        if (string.IsNullOrWhiteSpace(sns.TopicArn))
        {
            d.Add(EventSourceValidator.Error($"{path}.topicArn", "required"));
        }
        else
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.topicArn", "the webhook is not subscribed to the topic here: subscribe its URL in AWS; ingress confirms the subscription"));
        }

        EventSourceValidator.ValidateFilter(path, sns.Filter, d);
    }

    public static void ValidateBitbucket(string path, BitbucketEventSource bitbucket, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, bitbucket.Webhook, routes, d);
        if (bitbucket.Auth is { ValueKind: System.Text.Json.JsonValueKind.Object })
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.auth", "hooks are not registered on Bitbucket here: add the webhook in Bitbucket; deliveries are served"));
        }

        EventSourceValidator.ValidateFilter(path, bitbucket.Filter, d);
    }

    public static void ValidateBitbucketServer(string path, BitbucketServerEventSource server, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, server.Webhook, routes, d);
        if (server.AccessToken is not null && !string.IsNullOrEmpty(server.Webhook?.Url))
        {
            if (string.IsNullOrEmpty(server.BitbucketserverBaseURL))
            {
                d.Add(EventSourceValidator.Error($"{path}.bitbucketserverBaseURL", "required to register webhooks"));
            }
            else if (!Uri.TryCreate(server.BitbucketserverBaseURL, UriKind.Absolute, out _))
            {
                d.Add(EventSourceValidator.Error($"{path}.bitbucketserverBaseURL", $"\"{server.BitbucketserverBaseURL}\" is not an absolute URL"));
            }
        }

        if (server.OneEventPerChange == true || server.SkipBranchRefsChangedOnOpenPR == true)
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.oneEventPerChange", "oneEventPerChange and skipBranchRefsChangedOnOpenPR are not supported: each delivery is one event"));
        }

        EventSourceValidator.ValidateFilter(path, server.Filter, d);
    }

    public static void ValidateCloudEvents(string path, CloudEventsEventSource receiver, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        Route(path, receiver.Webhook, routes, d);
        d.Add(new(DiagnosticSeverity.Warning, path, "\"cloudevents\" is this project's extension, not an Argo Events kind: Argo Events would reject this EventSource"));
        EventSourceValidator.ValidateFilter(path, receiver.Filter, d);
    }

    private static void Route(string path, WebhookEventSource? webhook, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (webhook is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.webhook", "required"));
        }
        else
        {
            EventSourceValidator.ValidateWebhook($"{path}.webhook", webhook, routes, d);
        }
    }
}
