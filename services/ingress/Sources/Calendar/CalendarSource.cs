using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Semantics.Retries;
using Microservices.Events.ServiceDefaults.Resilience;
using Microservices.Events.Persistence.Calendar;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Time;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly;

namespace Microservices.Events.Ingress.Sources.Calendar;

/// <summary>
/// The <c>calendar</c> kind: one timer loop per calendar event of the specs; a new snapshot stops them all and starts
/// the loops it declares. Ticks its filter expression drops are not sent. A tick's id is derived from (event source,
/// event name, scheduled time), so replicas firing the same tick send the same id and bus-gateway publishes it once.
/// With <c>persistence.catchup.enabled</c> every handled tick is recorded in the state store, and a loop that starts
/// first fires the ticks missed since the recorded one (no further back than <c>maxDuration</c>).
/// </summary>
public sealed class CalendarSource(
    IEventIngestor ingestor,
    ICalendarTickStore ticks,
    EventFactory events,
    EventSourceFilterGate filter,
    IngressTelemetry telemetry,
    TimeProvider time,
    IOptions<IngressOptions> options,
    ILogger<CalendarSource> logger) : IEventSourceKind, IDisposable
{
    public const string Name = "calendar";

    /// <summary>A send the bus did not accept is tried again every second, six attempts in all.</summary>
    public static readonly BackoffSchedule SendSchedule = BackoffSchedule.Compute(steps: 6, TimeSpan.FromSeconds(1), factor: 1, jitter: 0, cap: TimeSpan.Zero);

    private ResiliencePipeline<bool>? _sendPipeline;

    private readonly LoopGeneration _generation = new();
    private int _running;
    private int _stopped;

    public string Kind => Name;

    private ResiliencePipeline<bool> SendPipeline => _sendPipeline ??= RetryPipelines.Build<bool>(
        SendSchedule.Attempts,
        retry => SendSchedule.Delay(retry, 0),
        attempt => attempt.Exception is not null,
        time,
        (_, ex, retry, delay) => logger.LogWarning("Calendar send attempt {Attempt}/{Attempts} failed ({Error}); next in {Delay}", retry, SendSchedule.Attempts, ex?.Message, delay));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        (source.Spec.Calendar ?? new Dictionary<string, CalendarEventSource>())
            .Where(c => CalendarPlan.TryCreate(c.Value) is null)
            .Select(c => new SpecDiagnostic(DiagnosticSeverity.Error, $"spec.calendar.{c.Key}", "has no valid schedule or interval"))
            .ToList();

    public async Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        var loops = new List<Func<CancellationToken, Task>>();
        foreach (var source in snapshot.EventSources)
        {
            foreach (var (eventName, spec) in source.Spec.Calendar ?? new Dictionary<string, CalendarEventSource>())
            {
                if (CalendarPlan.TryCreate(spec) is { } plan)
                {
                    loops.Add(token => RunAsync(source.Name, eventName, spec, plan, token));
                }
            }
        }

        _generation.Start(loops);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _generation.StopAsync(cancellationToken);
        Interlocked.Exchange(ref _stopped, 0);
    }

    /// <summary>Healthy: a loop that stopped on an error is logged and restarts with the next spec change.</summary>
    public HealthCheckResult Health()
    {
        var stopped = Volatile.Read(ref _stopped);
        return HealthCheckResult.Healthy($"{Volatile.Read(ref _running)} schedule(s) running" + (stopped > 0 ? $", {stopped} stopped on an error" : ""));
    }

    /// <summary>Cancels loops still running if the service was not stopped first.</summary>
    public void Dispose() => _generation.Dispose();

    private async Task RunAsync(string eventSourceName, string eventName, CalendarEventSource spec, CalendarPlan plan, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _running);
        try
        {
            await TickAsync(eventSourceName, eventName, spec, plan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _stopped);
            logger.LogError(ex, "Calendar {EventSource}/{EventName} stopped; it restarts with the next spec change", eventSourceName, eventName);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task TickAsync(string eventSourceName, string eventName, CalendarEventSource spec, CalendarPlan plan, CancellationToken cancellationToken)
    {
        var catchup = spec.Persistence?.Catchup is { Enabled: true };
        var last = await StartingPointAsync(eventSourceName, eventName, spec, catchup, cancellationToken);
        await ingestor.WaitUntilReadyAsync(cancellationToken);
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
            var handled = !filter.Admits(spec.Filter?.Expression, data, eventSourceName, eventName)
                || await SendWithRetries(events.Create(eventSourceName, Name, eventName, data, CalendarTicks.Id(eventSourceName, eventName, next.Value)), eventSourceName, eventName, cancellationToken);
            if (handled && catchup)
            {
                await RecordAsync(eventSourceName, eventName, next.Value, cancellationToken);
            }
        }
    }

    private async Task<DateTimeOffset> StartingPointAsync(string eventSourceName, string eventName, CalendarEventSource spec, bool catchup, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!catchup)
        {
            return now;
        }

        TimeSpan? maxDuration = GoDuration.TryParse(spec.Persistence!.Catchup!.MaxDuration, out var max) && max > TimeSpan.Zero ? max : null;
        DateTimeOffset? recorded = null;
        try
        {
            recorded = await ticks.LastTickAsync(eventSourceName, eventName, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Calendar {EventSource}/{EventName}: the last tick could not be read from the state store; missed ticks are not caught up", eventSourceName, eventName);
        }

        var resume = CalendarTicks.ResumeAfter(now, recorded, catchup, maxDuration);
        if (resume < now)
        {
            logger.LogInformation("Calendar {EventSource}/{EventName} catches up the ticks after {Resume:O}", eventSourceName, eventName, resume);
        }

        return resume;
    }

    private async Task RecordAsync(string eventSourceName, string eventName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        try
        {
            await ticks.RecordAsync(eventSourceName, eventName, tick, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The tick was sent; a later one records the progress. Only a restart before that would fire it again,
            // with the same id, which bus-gateway drops inside its window.
            logger.LogWarning(ex, "Calendar {EventSource}/{EventName}: tick {Tick:O} could not be recorded in the state store", eventSourceName, eventName, tick);
        }
    }

    /// <summary>Sends <paramref name="event"/> through the send pipeline; false when the bus refused every attempt.</summary>
    private async Task<bool> SendWithRetries(Contracts.EventEnvelope @event, string eventSourceName, string eventName, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            await SendPipeline.ExecuteAsync(async token =>
            {
                attempts++;

                // Each attempt waits for the bus at most as long as a webhook does: a confirmation lost with a broker
                // restart must not hold the schedule.
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                attemptTimeout.CancelAfter(TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds));
                await ingestor.IngestAsync(@event, attemptTimeout.Token);
                return true;
            }, cancellationToken);
            telemetry.EventSent(new TagList { { "event_source", eventSourceName }, { "event_name", eventName } });
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            telemetry.EventSendFailed(new TagList { { "event_source", eventSourceName }, { "event_name", eventName } });
            logger.LogError(ex, "Calendar event {EventId} of {EventSource}/{EventName} was not accepted by the bus after {Attempts} attempts", @event.Id, eventSourceName, eventName, attempts);
            return false;
        }
    }
}
