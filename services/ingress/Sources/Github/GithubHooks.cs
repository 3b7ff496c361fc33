using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The hooks the github events ask GitHub for (those with API credentials and a <c>webhook.url</c>, as in Argo): each
/// snapshot registers the hooks of new or changed events in the background and, with <c>deleteHookOnFinish</c>, deletes
/// those of events removed or changed; stopping deletes them too. A registration that fails is logged, counted in
/// <c>events_source_registration_failed_total</c> and reported by <see cref="Health"/> (Degraded); deliveries are still
/// served, and the next spec change tries again.
/// </summary>
public sealed class GithubHooks(SecretResolver secrets, IngressTelemetry telemetry, TimeProvider time, ILogger<GithubHooks> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string Event), Registration> _registered = [];
    private readonly Dictionary<(string Source, string Event), string> _failures = [];
    private Task _work = Task.CompletedTask;
    private CancellationTokenSource _stopping = new();

    /// <summary>Starts reconciling the hooks with <paramref name="snapshot"/> after the previous reconciliation.</summary>
    public void Apply(SpecSnapshot snapshot)
    {
        var wanted = snapshot.EventSources
            .SelectMany(s => (s.Spec.Github ?? new Dictionary<string, GithubEventSource>()).Select(g => (Key: (s.Name, g.Key), Spec: g.Value)))
            .Where(g => g.Spec.RegistersHooks)
            .ToDictionary(g => g.Key, g => g.Spec);
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
        Task work;
        lock (_gate)
        {
            work = _work;
        }

        await using (cancellationToken.Register(() => _stopping.Cancel()))
        {
            await work;
        }

        foreach (var key in Snapshot().Keys)
        {
            await RemoveAsync(key);
        }
    }

    /// <summary>Completes once the registrations started so far are done (tests).</summary>
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
                ? HealthCheckResult.Healthy($"{hooks} GitHub hook(s) registered")
                : HealthCheckResult.Degraded($"{hooks} GitHub hook(s) registered; not registered: {string.Join("; ", _failures.Select(f => $"{f.Key.Source}/{f.Key.Event}: {f.Value}"))}");
        }
    }

    private Dictionary<(string Source, string Event), Registration> Snapshot()
    {
        lock (_gate)
        {
            return new(_registered);
        }
    }

    private async Task ReconcileAsync(Dictionary<(string Source, string Event), GithubEventSource> wanted, CancellationToken cancellationToken)
    {
        foreach (var (key, registration) in Snapshot())
        {
            if (!wanted.TryGetValue(key, out var spec) || spec != registration.Spec)
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

            if (Snapshot().TryGetValue(key, out var current) && current.Spec == spec)
            {
                continue;
            }

            await RegisterAsync(key, spec, cancellationToken);
        }
    }

    private async Task RegisterAsync((string Source, string Event) key, GithubEventSource spec, CancellationToken cancellationToken)
    {
        var path = $"spec.github.{key.Event}";
        var registration = new Registration(spec, []);
        var problems = new List<string>();
        try
        {
            registration = registration with { Client = await GithubHookClient.ConnectAsync(path, spec, secrets, time) };
            var secret = spec.WebhookSecret is null ? null : secrets.Resolve(spec.WebhookSecret);
            var config = GithubHookSettings.Config(spec, secret);
            var url = GithubHookSettings.DeliveryUrl(spec.Webhook!);
            foreach (var target in GithubHookSettings.Targets(spec))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    var (id, created) = await registration.Client.EnsureAsync(target, url, spec.Events ?? [], spec.Active ?? false, config);
                    registration.Hooks.Add((target, id));
                    logger.LogInformation("GitHub hook {HookId} of {EventSource}/{EventName} on {Target} {How}", id, key.Source, key.Event, target, created ? "created" : "already present");
                }
                catch (Exception ex)
                {
                    problems.Add($"{target}: {ex.Message}");
                    logger.LogError("GitHub hook of {EventSource}/{EventName} on {Target} not registered: {Error}", key.Source, key.Event, target, ex.Message);
                }
            }
        }
        catch (Exception ex)
        {
            problems.Add(ex.Message);
            logger.LogError("GitHub hooks of {EventSource}/{EventName} not registered: {Error}", key.Source, key.Event, ex.Message);
        }

        if (problems.Count > 0)
        {
            telemetry.RegistrationFailed.Add(problems.Count, new("kind", GithubSource.Name), new("event_source", key.Source), new("event_name", key.Event));
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

        if (registration is not { Spec.DeleteHookOnFinish: true, Client: { } client })
        {
            return;
        }

        foreach (var (target, id) in registration.Hooks)
        {
            try
            {
                await client.DeleteAsync(target, id);
                logger.LogInformation("GitHub hook {HookId} of {EventSource}/{EventName} on {Target} deleted", id, key.Source, key.Event, target);
            }
            catch (Exception ex)
            {
                logger.LogError("GitHub hook {HookId} of {EventSource}/{EventName} on {Target} not deleted: {Error}", id, key.Source, key.Event, target, ex.Message);
            }
        }
    }

    private sealed record Registration(GithubEventSource Spec, List<(GithubHookTarget Target, int Id)> Hooks)
    {
        public GithubHookClient? Client { get; init; }
    }
}
