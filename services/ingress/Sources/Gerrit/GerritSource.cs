using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Gerrit;

/// <summary>
/// The <c>gerrit</c> kind: deliveries on the shared webhook ports through <see cref="GerritReceiver"/>; hooks
/// registered on the projects by <see cref="GerritHooks"/>.
/// </summary>
public sealed class GerritSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "gerrit";

    private readonly GerritHooks? _hooks;

    public GerritSource(GerritHooks? hooks = null) => _hooks = hooks;

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services
        .AddSingleton<GerritHooks>()
        .AddSingleton<IWebhookRouteSource>(new GerritSource());

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Gerrit, s => s.Webhook, s => s.Filter, s => s.Metadata, s => new GerritReceiver(s.Events, s.Metadata));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Gerrit, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        _hooks?.Apply(snapshot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _hooks?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public HealthCheckResult Health() => _hooks?.Health() ?? HealthCheckResult.Healthy("deliveries served on the webhook ports");
}
