using System.Diagnostics;
using System.Text.Json;
using Microservices.Events.Ingress.Publishing;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// One running event of a consumer source (an entry of <c>spec.&lt;kind&gt;</c>) as its consume loop sees it: hands
/// messages to the bus with the at-least-once rule (acknowledge the broker only after <see cref="DeliverAsync"/> said
/// Accepted or Filtered), reports malformed messages, and tells <see cref="ConsumerSourceKind{TSpec}"/> when it is
/// connected so <c>/health</c> can say which listeners are reconnecting.
/// </summary>
public sealed class EdgeListener
{
    private readonly EdgeServices _services;
    private volatile string? _problem = "connecting";
    private DateTimeOffset _connectedAt;

    public EdgeListener(EdgeServices services, string kind, string eventSourceName, string eventName)
    {
        _services = services;
        Kind = kind;
        EventSourceName = eventSourceName;
        EventName = eventName;
    }

    public string Kind { get; }
    public string EventSourceName { get; }
    public string EventName { get; }

    /// <summary>Null while connected and consuming; otherwise what keeps the listener from it (for <c>/health</c>).</summary>
    public string? Problem => _problem;

    internal DateTimeOffset ConnectedAt => _connectedAt;

    /// <summary>The consume loop is connected and subscribed: <c>/health</c> stops reporting this listener.</summary>
    public void MarkConnected()
    {
        _connectedAt = _services.Time.GetUtcNow();
        _problem = null;
    }

    internal void MarkDisconnected(string problem) => _problem = problem;

    /// <summary>The deterministic event id of the message at <paramref name="coordinates"/> (see <see cref="EdgeIds"/>).</summary>
    public string IdFor(params string[] coordinates) => EdgeIds.From(EventSourceName, EventName, coordinates);

    /// <summary>
    /// Applies <paramref name="filterExpression"/> to <paramref name="data"/>, then sends the event with id
    /// <paramref name="id"/> and waits, at most <c>Ingress:PublishTimeoutSeconds</c>, for the bus to accept it.
    /// </summary>
    public async Task<EdgeOutcome> DeliverAsync(JsonElement data, string id, string? filterExpression, CancellationToken cancellationToken)
    {
        var received = _services.Time.GetTimestamp();
        var tags = Tags;
        _services.Telemetry.Received.Add(1, tags);
        if (!_services.Filter.Admits(filterExpression, data, EventSourceName, EventName))
        {
            return EdgeOutcome.Filtered;
        }

        var @event = _services.Events.Create(EventSourceName, Kind, EventName, data, id);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_services.PublishTimeout);
        try
        {
            await _services.Ingestor.IngestAsync(@event, attempt.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _services.Telemetry.EventSendFailed(new TagList(tags));
            _services.Logger.LogWarning("{Kind} {EventSource}/{EventName}: event {EventId} was not accepted by the bus ({Error}); the message stays unacknowledged", Kind, EventSourceName, EventName, id, ex.Message);
            return EdgeOutcome.Refused;
        }

        _services.Telemetry.EventSent(new TagList(tags));
        _services.Telemetry.EventProcessed(_services.Time.GetElapsedTime(received).TotalMilliseconds, new TagList(tags));
        return EdgeOutcome.Accepted;
    }

    /// <summary>
    /// <see cref="DeliverAsync"/> again and again (1 s, 2 s, … 30 s apart) until the bus accepted the event or the
    /// filter dropped it: for brokers whose position cannot move past an unacknowledged message (a Kafka partition, a
    /// file offset). Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<EdgeOutcome> DeliverUntilAcceptedAsync(JsonElement data, string id, string? filterExpression, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            var outcome = await DeliverAsync(data, id, filterExpression, cancellationToken);
            if (outcome != EdgeOutcome.Refused)
            {
                return outcome;
            }

            await Task.Delay(EdgeBackoff.Delay(retry), _services.Time, cancellationToken);
        }
    }

    /// <summary>
    /// A message that cannot become an event (bad JSON with <c>jsonBody</c>, wrong encoding): logged with its
    /// <paramref name="coordinates"/> and counted in <c>events_rejected_total{reason="malformed"}</c>. The caller
    /// acknowledges it (or parks it where its kind does) so the loop goes on.
    /// </summary>
    public void Malformed(string coordinates, string reason)
    {
        _services.Telemetry.EventRejected(new TagList { { "event_source", EventSourceName }, { "event_name", EventName }, { "reason", "malformed" } });
        _services.Logger.LogWarning("{Kind} {EventSource}/{EventName}: message at {Coordinates} dropped: {Reason}", Kind, EventSourceName, EventName, coordinates, reason);
    }

    private KeyValuePair<string, object?>[] Tags => [new("event_source", EventSourceName), new("event_name", EventName)];
}
