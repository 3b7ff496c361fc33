using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.StorageGrid;

/// <summary>
/// The <c>storageGrid</c> kind: notifications on the shared webhook ports through <see cref="StorageGridReceiver"/>.
/// The bucket's notification configuration is not written through <c>apiURL</c>: it is set on the bucket by hand (a
/// load warning says so).
/// </summary>
public sealed class StorageGridSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "storageGrid";

    /// <summary>The CloudEvent type of the kind, as Argo names it.</summary>
    public const string EventType = "storagegrid";

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource>(new StorageGridSource());

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, EventType, Named(source), s => s.Spec.Webhook, _ => null, s => s.Spec.Metadata, s => new StorageGridReceiver(source.Name, s.Event, s.Spec));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.StorageGrid, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("notifications served on the webhook ports");

    private static Dictionary<string, (string Event, StorageGridEventSource Spec)> Named(EventSource source) =>
        (source.Spec.StorageGrid ?? new Dictionary<string, StorageGridEventSource>()).ToDictionary(e => e.Key, e => (e.Key, e.Value));
}
