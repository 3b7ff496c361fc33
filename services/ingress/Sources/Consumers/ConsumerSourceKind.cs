using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// The shape of a kind that consumes a broker (kafka, amqp, nats, redis, …): one supervised consume loop per event of
/// <c>spec.&lt;kind&gt;</c>. A loop that ends with an error (broker down, connection lost) is logged and started again
/// after 1 s, 2 s, 4 s, … at most 30 s (back to 1 s once it had been connected for 30 s); meanwhile <c>/health</c> is
/// Degraded and names it. A new spec snapshot stops every loop and starts those it declares. The kind's
/// <see cref="ConsumeAsync"/> acknowledges a message only after <see cref="EdgeListener.DeliverAsync"/> said Accepted
/// or Filtered, so nothing the bus did not take is lost at the edge.
/// </summary>
public abstract class ConsumerSourceKind<TSpec>(EdgeServices services, ILogger logger) : IEventSourceKind, IDisposable
{
    private readonly LoopGeneration _generation = new();
    private volatile IReadOnlyList<EdgeListener> _listeners = [];

    public abstract string Kind { get; }

    /// <summary>The events of this kind in <paramref name="spec"/>, by event name.</summary>
    protected abstract IReadOnlyDictionary<string, TSpec>? EventsOf(EventSourceSpec spec);

    /// <summary>What keeps <paramref name="spec"/> from running here (beyond load-time validation), with paths under <paramref name="path"/>.</summary>
    protected virtual IEnumerable<SpecDiagnostic> Check(string path, TSpec spec) => [];

    /// <summary>
    /// Connects, subscribes, calls <see cref="EdgeListener.MarkConnected"/> and consumes until
    /// <paramref name="cancellationToken"/> is cancelled; any exception restarts it after a backoff.
    /// </summary>
    protected abstract Task ConsumeAsync(EdgeListener listener, EventSource source, TSpec spec, CancellationToken cancellationToken);

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        (EventsOf(source.Spec) ?? new Dictionary<string, TSpec>())
            .SelectMany(e => Check($"spec.{Kind}.{e.Key}", e.Value))
            .ToList();

    public async Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        var listeners = new List<EdgeListener>();
        var loops = new List<Func<CancellationToken, Task>>();
        foreach (var source in snapshot.EventSources)
        {
            foreach (var (eventName, spec) in EventsOf(source.Spec) ?? new Dictionary<string, TSpec>())
            {
                if (Check($"spec.{Kind}.{eventName}", spec).Any(d => d.Severity != DiagnosticSeverity.Warning))
                {
                    continue;
                }

                var listener = new EdgeListener(services, Kind, source.Name, eventName);
                listeners.Add(listener);
                loops.Add(token => Task.Run(() => SuperviseAsync(listener, source, spec, token), CancellationToken.None));
            }
        }

        _listeners = listeners;
        _generation.Start(loops);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listeners = [];
        await _generation.StopAsync(cancellationToken);
    }

    /// <summary>Healthy when every listener is connected; Degraded naming those that are (re)connecting and why.</summary>
    public HealthCheckResult Health()
    {
        var listeners = _listeners;
        var down = listeners.Where(l => l.Problem is not null).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy($"{listeners.Count} listener(s) consuming")
            : HealthCheckResult.Degraded($"{down.Count} of {listeners.Count} listener(s) not consuming: " +
                                         string.Join("; ", down.Select(l => $"{l.EventSourceName}/{l.EventName}: {l.Problem}")));
    }

    /// <summary>Cancels loops still running if the service was not stopped first.</summary>
    public void Dispose()
    {
        _generation.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SuperviseAsync(EdgeListener listener, EventSource source, TSpec spec, CancellationToken cancellationToken)
    {
        var retry = 0;
        var seen = default(DateTimeOffset);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(listener, source, spec, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                listener.MarkDisconnected("the consume loop ended");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                listener.MarkDisconnected(ex.Message);
                logger.LogWarning(ex, "{Kind} {EventSource}/{EventName} is not consuming; reconnecting in {Delay}", Kind, listener.EventSourceName, listener.EventName, EdgeBackoff.Delay(retry));
            }

            // A listener that had been consuming for a while (a new connection, up longer than the longest wait)
            // starts its backoff afresh.
            if (listener.ConnectedAt != seen)
            {
                seen = listener.ConnectedAt;
                if (services.Time.GetUtcNow() - seen > EdgeBackoff.Max)
                {
                    retry = 0;
                }
            }

            try
            {
                await Task.Delay(EdgeBackoff.Delay(retry++), services.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
