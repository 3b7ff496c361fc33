using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.StorageGrid;

/// <summary>
/// A StorageGRID notification delivery (see <see cref="StorageGridNotification"/>): a body that is not one is 400;
/// one whose event or object key does not pass <c>events</c> and <c>filter</c> is dropped (200); data as Argo:
/// <c>{notification, metadata}</c>. The event id comes from the bucket, key, version, sequencer and request id of the
/// object's change, so a redelivered notification is published once.
/// </summary>
public sealed class StorageGridReceiver(string eventSource, string eventName, StorageGridEventSource spec) : IWebhookReceiver
{
    public ValueTask<WebhookVerdict> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(eventSource, eventName, spec, request));

    public static WebhookVerdict Receive(string eventSource, string eventName, StorageGridEventSource spec, WebhookRequest request)
    {
        var (notification, problem) = StorageGridNotification.Parse(Encoding.UTF8.GetString(request.Body));
        if (notification is null)
        {
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, $"invalid notification: {problem}", "body");
        }

        if (!notification.Wanted(spec.Events))
        {
            return WebhookVerdict.Ignore("event_type", $"StorageGRID event \"{notification.EventName}\" is not in events");
        }

        if (!notification.KeyPasses(spec.Filter?.Prefix, spec.Filter?.Suffix))
        {
            return WebhookVerdict.Ignore("filtered", $"object key \"{notification.Key}\" does not pass the prefix/suffix filter");
        }

        var data = new JsonObject { ["notification"] = notification.Notification };
        if (WebhookHeaders.Metadata(spec.Metadata) is { } extra)
        {
            data["metadata"] = extra;
        }

        var id = notification.Version is null ? null
            : EdgeIds.From(eventSource, eventName, notification.Bucket, notification.Key, notification.EventName, notification.Version);
        return WebhookVerdict.Accept(JsonSerializer.SerializeToElement(data), id);
    }
}
