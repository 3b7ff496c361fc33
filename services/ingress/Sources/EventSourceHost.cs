using System.Threading.Channels;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources;

/// <summary>
/// Drives every event-source kind: applies the specs in force when the service starts and each later snapshot (the
/// latest one, one at a time), logs what a kind cannot run, and stops the kinds with the service.
/// </summary>
public sealed class EventSourceHost(ISpecCatalog catalog, EventSourceKindRegistry kinds, ILogger<EventSourceHost> logger, IngressTelemetry? telemetry = null) : IHostedService
{
    private readonly Channel<SpecSnapshot> _changes = Channel.CreateBounded<SpecSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private CancellationTokenSource? _stopping;
    private Task _applying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stopping = new CancellationTokenSource();
        _stopping = stopping;
        catalog.Changed += OnChanged;
        await ApplyAsync(catalog.Current, cancellationToken);
        _applying = Task.Run(() => ApplyChangesAsync(stopping.Token), CancellationToken.None);
    }

    /// <summary>Stops applying changes, then every kind; a second call (a host stopped twice) does nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, null) is not { } stopping)
        {
            return;
        }

        catalog.Changed -= OnChanged;
        _changes.Writer.TryComplete();
        await stopping.CancelAsync();
        await _applying;
        stopping.Dispose();
        foreach (var kind in kinds.All)
        {
            try
            {
                await kind.StopAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                // One kind that fails to stop, or runs out of time, does not keep the others running.
                logger.LogError(ex, "Event-source kind {Kind} did not stop cleanly", kind.Kind);
            }
        }
    }

    private void OnChanged(SpecSnapshot snapshot) => _changes.Writer.TryWrite(snapshot);

    private async Task ApplyChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _changes.Reader.ReadAllAsync(cancellationToken))
            {
                await ApplyAsync(snapshot, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var problems = new Dictionary<string, List<SpecDiagnostic>>(StringComparer.Ordinal);
        foreach (var kind in kinds.All)
        {
            try
            {
                foreach (var source in snapshot.EventSources)
                {
                    foreach (var problem in kind.Validate(source).Where(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        logger.LogError("EventSource {EventSource}: {Problem}; this event is not run", source.Name, problem);
                        (problems.TryGetValue(source.Name, out var list) ? list : problems[source.Name] = []).Add(problem);
                    }
                }

                await kind.ApplyAsync(snapshot, cancellationToken);
                applied.Add(kind.Kind);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A kind that fails (or cancels itself) leaves its listeners as they were; later changes still apply.
                logger.LogError(ex, "Event-source kind {Kind} could not apply the specs; its listeners stay as they were until the next spec change", kind.Kind);
            }
        }

        foreach (var source in snapshot.EventSources)
        {
            foreach (var (kind, events) in source.Spec.DeclaredEvents().Where(k => applied.Contains(k.Kind)))
            {
                foreach (var name in events)
                {
                    telemetry?.Known(source.Name, name);
                }
            }
        }

        telemetry?.SetRunning(RunningEvents.Count(snapshot.EventSources, applied,
            problems.ToDictionary(p => p.Key, p => (IReadOnlyList<SpecDiagnostic>)p.Value, StringComparer.Ordinal)));
    }
}
