using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// The hooks the events of one kind (github, gitlab) ask their service for: each snapshot registers the hooks of new or
/// changed events in the background and, with <c>deleteHookOnFinish</c>, deletes those of events removed or changed;
/// stopping deletes them too. A registration that fails is logged (the message only, never a credential), counted in
/// <c>events_source_registration_failed_total{kind}</c> and reported by <see cref="Health"/> (Degraded); deliveries
/// are still served, and the next spec change tries again.
/// </summary>
public abstract class HookRegistrations<TSpec>(IngressTelemetry telemetry, ILogger logger)
    where TSpec : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string Event), Registration> _registered = [];
    private readonly Dictionary<(string Source, string Event), string> _failures = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _work = Task.CompletedTask;

    /// <summary>The kind's spec key (for paths, logs and metrics).</summary>
    protected abstract string Kind { get; }

    /// <summary>The kind's events in <paramref name="source"/> that register hooks.</summary>
    protected abstract IEnumerable<(string Event, TSpec Spec)> Registering(EventSource source);

    /// <summary>The targets of the event's hooks.</summary>
    protected abstract IEnumerable<HookTarget> Targets(TSpec spec);

    protected abstract bool DeleteOnFinish(TSpec spec);

    /// <summary>An authenticated session; throws with a message naming the field when a credential cannot be resolved.</summary>
    protected abstract Task<IHookSession> ConnectAsync(string path, TSpec spec);

    /// <summary>Starts reconciling the hooks with <paramref name="snapshot"/> after the previous reconciliation.</summary>
    public void Apply(SpecSnapshot snapshot)
    {
        var wanted = snapshot.EventSources
            .SelectMany(s => Registering(s).Select(e => (Key: (s.Name, e.Event), e.Spec)))
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.First().Spec);
        lock (_gate)
        {
            var token = _stopping.Token;
            var previous = _work;
            _work = Task.Run(async () =>
            {
                await previous;
                await ReconcileAsync(wanted, token);
            }, CancellationToken.None);
        }
    }

    /// <summary>Waits for the registration under way (cut short by <paramref name="cancellationToken"/>), then deletes the hooks marked deleteHookOnFinish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => _stopping.Cancel()))
        {
            await Settled();
        }

        foreach (var key in Current().Keys)
        {
            await RemoveAsync(key);
        }
    }

    /// <summary>Completes once the registrations started so far are done.</summary>
    public Task Settled()
    {
        lock (_gate)
        {
            return _work;
        }
    }

    public HealthCheckResult Health()
    {
        lock (_gate)
        {
            var hooks = _registered.Values.Sum(r => r.Hooks.Count);
            return _failures.Count == 0
                ? HealthCheckResult.Healthy($"{hooks} {Kind} hook(s) registered")
                : HealthCheckResult.Degraded($"{hooks} {Kind} hook(s) registered; not registered: {string.Join("; ", _failures.Select(f => $"{f.Key.Source}/{f.Key.Event}: {f.Value}"))}");
        }
    }

    private Dictionary<(string Source, string Event), Registration> Current()
    {
        lock (_gate)
        {
            return new(_registered);
        }
    }

    private async Task ReconcileAsync(Dictionary<(string Source, string Event), TSpec> wanted, CancellationToken cancellationToken)
    {
        foreach (var (key, registration) in Current())
        {
            if (!wanted.TryGetValue(key, out var spec) || Fingerprint(spec) != registration.Fingerprint)
            {
                await RemoveAsync(key);
            }
        }

        foreach (var (key, spec) in wanted)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!Current().TryGetValue(key, out var current) || current.Fingerprint != Fingerprint(spec))
            {
                await RegisterAsync(key, spec, cancellationToken);
            }
        }
    }

    private async Task RegisterAsync((string Source, string Event) key, TSpec spec, CancellationToken cancellationToken)
    {
        var registration = new Registration(spec, Fingerprint(spec), []);
        var problems = new List<string>();
        try
        {
            registration = registration with { Session = await ConnectAsync($"spec.{Kind}.{key.Event}", spec) };
            foreach (var target in Targets(spec))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    var (id, created) = await registration.Session.EnsureAsync(target);
                    registration.Hooks.Add((target, id));
                    logger.LogInformation("{Kind} hook {HookId} of {EventSource}/{EventName} on {Target} {How}", Kind, id, key.Source, key.Event, target, created ? "created" : "already present");
                }
                catch (Exception ex)
                {
                    problems.Add($"{target}: {ex.Message}");
                    logger.LogError("{Kind} hook of {EventSource}/{EventName} on {Target} not registered: {Error}", Kind, key.Source, key.Event, target, ex.Message);
                }
            }
        }
        catch (Exception ex)
        {
            problems.Add(ex.Message);
            logger.LogError("{Kind} hooks of {EventSource}/{EventName} not registered: {Error}", Kind, key.Source, key.Event, ex.Message);
        }

        if (problems.Count > 0)
        {
            telemetry.RegistrationFailed.Add(problems.Count, new("kind", Kind), new("event_source", key.Source), new("event_name", key.Event));
        }

        lock (_gate)
        {
            _registered[key] = registration;
            if (problems.Count > 0)
            {
                _failures[key] = string.Join("; ", problems);
            }
            else
            {
                _failures.Remove(key);
            }
        }
    }

    private async Task RemoveAsync((string Source, string Event) key)
    {
        Registration? registration;
        lock (_gate)
        {
            _registered.Remove(key, out registration);
            _failures.Remove(key);
        }

        if (registration is not { Session: { } session } || !DeleteOnFinish(registration.Spec))
        {
            return;
        }

        foreach (var (target, id) in registration.Hooks)
        {
            try
            {
                await session.DeleteAsync(target, id);
                logger.LogInformation("{Kind} hook {HookId} of {EventSource}/{EventName} on {Target} deleted", Kind, id, key.Source, key.Event, target);
            }
            catch (Exception ex)
            {
                logger.LogError("{Kind} hook {HookId} of {EventSource}/{EventName} on {Target} not deleted: {Error}", Kind, id, key.Source, key.Event, target, ex.Message);
            }
        }
    }

    /// <summary>The spec as JSON: equal for the same settings loaded again (the model's lists compare by reference).</summary>
    private static string Fingerprint(TSpec spec) => System.Text.Json.JsonSerializer.Serialize(spec, Specs.Loading.SpecJson.Options);

    private sealed record Registration(TSpec Spec, string Fingerprint, List<(HookTarget Target, long Id)> Hooks)
    {
        public IHookSession? Session { get; init; }
    }
}
