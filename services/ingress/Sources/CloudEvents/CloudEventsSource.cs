using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.CloudEvents;

/// <summary>The <c>cloudevents</c> kind (this project's extension): CloudEvents over HTTP on the shared webhook ports, read by <see cref="CloudEventsReceiver"/>.</summary>
public sealed class CloudEventsSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "cloudevents";

    private static readonly CloudEventsReceiver Receiver = new();

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource>(new CloudEventsSource());

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Cloudevents, s => s.Webhook, s => s.Filter, s => s.Metadata, _ => Receiver);

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Cloudevents, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("CloudEvents served on the webhook ports");
}
