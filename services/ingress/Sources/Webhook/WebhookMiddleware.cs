using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// Serves requests that arrive on a webhook port with Argo's behaviour: route by endpoint, method check, bearer
/// auth, payload limit, the route's filter expression, and 200 only once the bus accepted the event (503 with
/// Retry-After when it did not). An event the filter drops is still answered 200, as the request was fine. A route
/// of another HTTP kind (github, …) hands the read request to its <see cref="IWebhookReceiver"/> for verification
/// and the event data. Requests on other ports pass through.
/// </summary>
public sealed class WebhookMiddleware(
    RequestDelegate next,
    WebhookRouteTable routes,
    IEventIngestor ingestor,
    EventFactory events,
    EventSourceFilterGate filter,
    SecretResolver secrets,
    IngressTelemetry telemetry,
    IOptions<IngressOptions> options,
    TimeProvider time,
    ILogger<WebhookMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort != 0 ? context.Connection.LocalPort : context.Request.Host.Port ?? 80;
        if (!routes.TryGetPort(port, out var portRoutes) || context.Request.Path == "/health")
        {
            await next(context);
            return;
        }

        if (!portRoutes.TryGetValue(context.Request.Path.Value ?? "/", out var route))
        {
            await Reply(context, StatusCodes.Status404NotFound, $"no webhook endpoint {context.Request.Path} on port {port}", "route");
            return;
        }

        if (route.Tls is not null && !context.Request.IsHttps)
        {
            // A request on the plain listener of a port whose routes now ask for TLS, while Kestrel rebinds it for HTTPS.
            await Reply(context, StatusCodes.Status403Forbidden, $"{route.Endpoint} on port {port} is served over HTTPS only", "tls");
            return;
        }

        await HandleAsync(context, route);
    }

    private async Task HandleAsync(HttpContext context, WebhookRoute route)
    {
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "event_source", route.EventSourceName }, { "event_name", route.EventName }, { "kind", route.Kind } };
        telemetry.Received.Add(1, tags);
        using var activity = IngressTelemetry.ActivitySource.StartActivity("webhook receive");
        activity?.SetTag("events.event_source", route.EventSourceName);
        activity?.SetTag("events.event_name", route.EventName);

        var request = context.Request;
        if (!HttpMethods.Equals(request.Method, route.Method))
        {
            await Reply(context, StatusCodes.Status400BadRequest, $"method {request.Method} is not allowed on {route.Endpoint}: use {route.Method}", "method", tags);
            return;
        }

        if (route.Spec.AuthSecret is not null && !await Authorized(context, route, tags))
        {
            return;
        }

        if (request.ContentLength > route.MaxPayloadSize)
        {
            await Reply(context, StatusCodes.Status400BadRequest, $"request body of {request.ContentLength} bytes exceeds maxPayloadSize {route.MaxPayloadSize}", "size", tags);
            return;
        }

        var body = await ReadLimited(request.Body, request.ContentLength, route.MaxPayloadSize, context.RequestAborted);
        if (body is null)
        {
            await Reply(context, StatusCodes.Status400BadRequest, $"request body exceeds maxPayloadSize {route.MaxPayloadSize}", "size", tags);
            return;
        }

        var accepted = new List<WebhookVerdict.Accepted>();
        if (route.Receiver is { } receiver)
        {
            var received = new WebhookRequest(request.Method, request.ContentType, request.Headers, request.Query, body, time.GetUtcNow());
            switch (await receiver.ReceiveAsync(received, context.RequestAborted))
            {
                case WebhookVerdict.Accepted one:
                    accepted.Add(one);
                    break;
                case WebhookVerdict.AcceptedBatch batch:
                    accepted.AddRange(batch.Events);
                    break;
                case WebhookVerdict.Rejected rejected:
                    logger.LogWarning("Request to {EventSource}/{EventName} ({Kind}) refused: {Reason}: {Message}", route.EventSourceName, route.EventName, route.Kind, rejected.Reason, rejected.Message);
                    await Reply(context, rejected.Status, rejected.Message, rejected.Reason, tags);
                    return;
                case WebhookVerdict.Answered answered:
                    context.Response.StatusCode = answered.Status;
                    context.Response.ContentType = answered.ContentType;
                    await context.Response.WriteAsync(answered.Body, context.RequestAborted);
                    return;
                case WebhookVerdict.Ignored ignored:
                    telemetry.Filtered.Add(1, new("event_source", route.EventSourceName), new("event_name", route.EventName), new("outcome", ignored.Outcome));
                    logger.LogDebug("Request to {EventSource}/{EventName} ({Kind}) not published: {Why}", route.EventSourceName, route.EventName, route.Kind, ignored.Why);
                    activity?.SetTag("events.filtered", true);
                    await Reply(context, StatusCodes.Status200OK, "success", null);
                    return;
                default:
                    throw new InvalidOperationException($"unknown webhook verdict from {route.Kind}");
            }
        }
        else
        {
            try
            {
                var shaped = WebhookPayload.Body(request.Method, request.ContentType, request.Query, body);
                accepted.Add(new WebhookVerdict.Accepted(WebhookPayload.Build(request.Headers, shaped, route.Spec.Metadata)));
            }
            catch (JsonException ex)
            {
                await Reply(context, StatusCodes.Status400BadRequest, $"request body is not valid JSON: {ex.Message}", "body", tags);
                return;
            }
        }

        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.PublishTimeoutSeconds));
        foreach (var item in accepted)
        {
            if (!filter.Admits(route.Spec.Filter?.Expression, item.Data, route.EventSourceName, route.EventName))
            {
                activity?.SetTag("events.filtered", true);
                continue;
            }

            var @event = events.Create(route.EventSourceName, route.Kind, route.EventName, item.Data, item.Id);
            activity?.SetTag("cloudevents.event_id", @event.Id);
            try
            {
                await ingestor.IngestAsync(@event, timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                telemetry.EventSendFailed(tags);
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                logger.LogError(ex, "Event {EventId} from {EventSource}/{EventName} was not accepted by the bus", @event.Id, route.EventSourceName, route.EventName);
                context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Reply(context, StatusCodes.Status503ServiceUnavailable, "failed to record event: the event bus is unavailable, retry later", null);
                return;
            }

            telemetry.EventSent(tags);
            logger.LogDebug("Event {EventId} from {EventSource}/{EventName} accepted", @event.Id, route.EventSourceName, route.EventName);
        }

        telemetry.EventProcessed(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        await Reply(context, StatusCodes.Status200OK, "success", null);
    }

    private async Task<bool> Authorized(HttpContext context, WebhookRoute route, TagList tags)
    {
        var expected = secrets.Resolve(route.Spec.AuthSecret);
        if (expected is null)
        {
            logger.LogError("authSecret {Secret}/{Key} of {EventSource}/{EventName} cannot be resolved", route.Spec.AuthSecret!.Name, route.Spec.AuthSecret.Key, route.EventSourceName, route.EventName);
            await Reply(context, StatusCodes.Status503ServiceUnavailable, "webhook auth secret is not available", "auth", tags);
            return false;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
        {
            await Reply(context, StatusCodes.Status401Unauthorized, "Invalid Authorization Header", "auth", tags);
            return false;
        }

        var token = Encoding.UTF8.GetBytes(header[prefix.Length..]);
        if (!CryptographicOperations.FixedTimeEquals(token, Encoding.UTF8.GetBytes(expected)))
        {
            await Reply(context, StatusCodes.Status401Unauthorized, "Invalid Auth token", "auth", tags);
            return false;
        }

        return true;
    }

    /// <summary>The largest announced body allocated whole before its bytes arrive.</summary>
    private const int ExactReadBytes = 64 * 1024;

    /// <summary>
    /// The body, or null when it is longer than <paramref name="limit"/>. A body whose Content-Length (already checked
    /// against the limit) is at most <see cref="ExactReadBytes"/> is read straight into an array of that size; any
    /// other (chunked, or larger, which is then allocated only as its bytes arrive) is gathered through a pooled
    /// buffer. So a small request costs its body's bytes and not a fixed-size buffer.
    /// </summary>
    private static async Task<byte[]?> ReadLimited(Stream body, long? length, long limit, CancellationToken cancellationToken)
    {
        if (length is { } known && known <= Math.Min(limit, ExactReadBytes))
        {
            var exact = new byte[known];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var gathered = new ArrayBufferWriter<byte>(256);
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (gathered.WrittenCount + (long)read > limit)
                {
                    return null;
                }

                gathered.Write(chunk.AsSpan(0, read));
            }

            return gathered.WrittenSpan.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private Task Reply(HttpContext context, int status, string message, string? rejectReason, TagList tags = default)
    {
        if (rejectReason is not null)
        {
            tags.Add("reason", rejectReason);
            telemetry.EventRejected(tags);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
