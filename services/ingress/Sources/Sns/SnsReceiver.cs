using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Sns;

/// <summary>
/// An SNS HTTP(S) message. With <c>validateSignature</c> the message's signature must verify against the certificate
/// fetched from its <c>SigningCertURL</c>, whose host must be allowed (Argo's rule; <see cref="SnsOptions"/>), else 400
/// as Argo answers. A <c>SubscriptionConfirmation</c> is confirmed by fetching its <c>SubscribeURL</c> (allowed hosts
/// only) and not published; a <c>Notification</c> is published as Argo's <c>{header, body, metadata}</c>, the body
/// the SNS message; other types are answered 200 and not published. Certificates are cached by URL.
/// </summary>
public sealed class SnsReceivers(IOptions<SnsOptions> options, ILogger<SnsReceivers> logger)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);

    public IWebhookReceiver For(SnsEventSource spec) => new Receiver(this, spec);

    private async ValueTask<WebhookVerdict> ReceiveAsync(SnsEventSource spec, WebhookRequest request, CancellationToken cancellationToken)
    {
        JsonObject message;
        try
        {
            message = JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "bad request, not a valid SNS notification", "body");
        }

        var settings = options.Value;
        if (spec.ValidateSignature == true)
        {
            var certUrl = SnsMessage.Field(message, "SigningCertURL");
            if (!SnsMessage.Allowed(certUrl, settings.AllowedHostPattern, settings.AllowHttp))
            {
                return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"failed to verify SigningCertURL: host or scheme of \"{certUrl}\" not allowed", "signature");
            }

            X509Certificate2 certificate;
            try
            {
                certificate = await CertificateAsync(certUrl, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"failed to fetch signing cert: {ex.Message}", "signature");
            }

            if (!SnsMessage.SignatureValid(message, certificate))
            {
                return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "message signature check error", "signature");
            }
        }

        switch (SnsMessage.Field(message, "Type"))
        {
            case SnsMessage.SubscriptionConfirmation:
                return await ConfirmAsync(spec, message, settings, cancellationToken);
            case SnsMessage.Notification:
                var data = new JsonObject { ["header"] = WebhookHeaders.ToJson(request.Headers), ["body"] = message };
                if (WebhookHeaders.Metadata(spec.Metadata) is { } metadata)
                {
                    data["metadata"] = metadata;
                }

                return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data));
            case var other:
                return WebhookVerdict.Ignore("event_type", $"SNS message of type \"{other}\" is not a notification");
        }
    }

    private async Task<WebhookVerdict> ConfirmAsync(SnsEventSource spec, JsonObject message, SnsOptions settings, CancellationToken cancellationToken)
    {
        var subscribeUrl = SnsMessage.Field(message, "SubscribeURL");
        if (!SnsMessage.Allowed(subscribeUrl, settings.AllowedHostPattern, settings.AllowHttp))
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"SubscribeURL \"{subscribeUrl}\" is not an SNS URL", "subscription");
        }

        try
        {
            using var response = await Http.GetAsync(subscribeUrl, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("SNS subscription to {TopicArn} not confirmed: {Error}", SnsMessage.Field(message, "TopicArn"), ex.Message);
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"failed to confirm the subscription: {ex.Message}", "subscription");
        }

        logger.LogInformation("SNS subscription to {TopicArn} confirmed (configured topic {Configured})", SnsMessage.Field(message, "TopicArn"), spec.TopicArn);
        return WebhookVerdict.Answer(StatusCodes.Status200OK, "subscription confirmed");
    }

    private async Task<X509Certificate2> CertificateAsync(string url, CancellationToken cancellationToken)
    {
        if (_certificates.TryGetValue(url, out var cached))
        {
            return cached;
        }

        var pem = await Http.GetStringAsync(url, cancellationToken);
        var certificate = X509Certificate2.CreateFromPem(pem);
        return _certificates.GetOrAdd(url, certificate);
    }

    private sealed class Receiver(SnsReceivers receivers, SnsEventSource spec) : IWebhookReceiver
    {
        public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
            receivers.ReceiveAsync(spec, request, cancellationToken);
    }
}
