using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.SensorState.Outcomes;

/// <summary>What trigger-dispatch last reported for one trigger: each outcome's latest time, and the latest outcome.</summary>
public sealed record TriggerStatus(
    string Sensor,
    string Trigger,
    bool LastSucceeded,
    Guid LastFiringId,
    string LastDetail,
    DateTimeOffset? LastSucceededAt,
    DateTimeOffset? LastFailedAt);

/// <summary>
/// The last outcome of every trigger this replica heard of, published as <c>trigger_last_outcome_timestamp_seconds</c>
/// (sensor, trigger, outcome). Replicas each hear some outcomes; the maximum over replicas is the trigger's latest.
/// Triggers that leave the specs are forgotten.
/// </summary>
public sealed class TriggerOutcomeBoard
{
    private readonly ConcurrentDictionary<(string Sensor, string Trigger), TriggerStatus> _statuses = new();

    public TriggerOutcomeBoard(ISpecCatalog catalog, SensorStateTelemetry telemetry)
    {
        catalog.Changed += Forget;
        telemetry.ObserveLastOutcomes(Measurements);
    }

    public bool TryGet(string sensor, string trigger, out TriggerStatus status) => _statuses.TryGetValue((sensor, trigger), out status!);

    /// <summary>Records an outcome sent at <paramref name="at"/>; one older than what is known changes only its own time.</summary>
    public void Record(string sensor, string trigger, bool succeeded, Guid firingId, string detail, DateTimeOffset at) =>
        _statuses.AddOrUpdate(
            (sensor, trigger),
            _ => new TriggerStatus(sensor, trigger, succeeded, firingId, detail, succeeded ? at : null, succeeded ? null : at),
            (_, known) =>
            {
                var updated = succeeded
                    ? known with { LastSucceededAt = Max(known.LastSucceededAt, at) }
                    : known with { LastFailedAt = Max(known.LastFailedAt, at) };
                var newest = Max(known.LastSucceededAt, known.LastFailedAt) is not { } latest || at >= latest;
                return newest ? updated with { LastSucceeded = succeeded, LastFiringId = firingId, LastDetail = detail } : updated;
            });

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private void Forget(SpecSnapshot snapshot)
    {
        var triggers = snapshot.Sensors
            .SelectMany(s => s.Spec.Triggers.Select(t => (s.Name, t.Template?.Name ?? "")))
            .ToHashSet();
        foreach (var key in _statuses.Keys.Where(k => !triggers.Contains(k)))
        {
            _statuses.TryRemove(key, out _);
        }
    }

    private IEnumerable<Measurement<double>> Measurements()
    {
        foreach (var status in _statuses.Values)
        {
            foreach (var (outcome, at) in new[] { ("succeeded", status.LastSucceededAt), ("failed", status.LastFailedAt) })
            {
                if (at is { } time)
                {
                    yield return new Measurement<double>(time.ToUnixTimeMilliseconds() / 1000.0,
                        new("sensor", status.Sensor), new("trigger", status.Trigger), new("outcome", outcome));
                }
            }
        }
    }
}
