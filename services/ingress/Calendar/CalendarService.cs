using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Calendar;

/// <summary>Runs one timer loop per calendar event of the specs, restarting them all when the specs change; ticks its filter expression drops are not sent.</summary>
public sealed class CalendarService(
    ISpecCatalog catalog,
    IEventIngestor ingestor,
    EventFactory events,
    EventSourceFilterGate filter,
    IngressTelemetry telemetry,
    TimeProvider time,
    ILogger<CalendarService> logger) : BackgroundService
{
    private static readonly TimeSpan[] SendRetries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var generation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            void OnChanged(SpecSnapshot _) => generation.Cancel();
            catalog.Changed += OnChanged;
            try
            {
                var loops = catalog.Current.EventSources
                    .SelectMany(es => (es.Spec.Calendar ?? new Dictionary<string, Specs.Model.CalendarEventSource>())
                        .Select(c => RunAsync(es.Name, c.Key, c.Value, generation.Token)))
                    .ToList();
                loops.Add(Task.Delay(Timeout.Infinite, generation.Token));
                await Task.WhenAll(loops).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                catalog.Changed -= OnChanged;
            }
        }
    }

    private async Task RunAsync(string eventSourceName, string eventName, Specs.Model.CalendarEventSource spec, CancellationToken cancellationToken)
    {
        try
        {
            await TickAsync(eventSourceName, eventName, spec, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Calendar {EventSource}/{EventName} stopped; it restarts with the next spec change", eventSourceName, eventName);
        }
    }

    private async Task TickAsync(string eventSourceName, string eventName, Specs.Model.CalendarEventSource spec, CancellationToken cancellationToken)
    {
        var plan = CalendarPlan.TryCreate(spec);
        if (plan is null)
        {
            logger.LogError("Calendar {EventSource}/{EventName} has no valid schedule or interval", eventSourceName, eventName);
            return;
        }

        var last = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = plan.Next(last);
            if (next is null)
            {
                logger.LogWarning("Calendar {EventSource}/{EventName} has no further ticks", eventSourceName, eventName);
                return;
            }

            var delay = next.Value - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }

            last = next.Value;
            var payload = new JsonObject { ["eventTime"] = plan.FormatEventTime(next.Value) };
            if (spec.Metadata is { Count: > 0 })
            {
                payload["metadata"] = new JsonObject(spec.Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
            }

            var data = JsonSerializer.SerializeToElement(payload);
            telemetry.Received.Add(1, new("event_source", eventSourceName), new("event_name", eventName));
            if (!filter.Admits(spec.Filter?.Expression, data, eventSourceName, eventName))
            {
                continue;
            }

            await SendWithRetries(events.Create(eventSourceName, "calendar", eventName, data), eventSourceName, eventName, cancellationToken);
        }
    }

    private async Task SendWithRetries(Contracts.EventEnvelope @event, string eventSourceName, string eventName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ingestor.IngestAsync(@event, cancellationToken);
                telemetry.Sent.Add(1, new("event_source", eventSourceName), new("event_name", eventName));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (attempt >= SendRetries.Length)
                {
                    telemetry.SendFailed.Add(1, new("event_source", eventSourceName), new("event_name", eventName));
                    logger.LogError(ex, "Calendar event {EventId} of {EventSource}/{EventName} was not accepted by the bus after {Attempts} attempts", @event.Id, eventSourceName, eventName, attempt + 1);
                    return;
                }

                await Task.Delay(SendRetries[attempt], time, cancellationToken);
            }
        }
    }
}
