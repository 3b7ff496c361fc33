using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Slack;

/// <summary>The <c>slack</c> kind: Slack's requests on the shared webhook ports, checked and shaped by <see cref="SlackReceiver"/>.</summary>
public sealed class SlackSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "slack";

    private readonly SecretResolver _secrets;

    public SlackSource(SecretResolver secrets) => _secrets = secrets;

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource>(sp => new SlackSource(sp.GetRequiredService<SecretResolver>()));

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Slack, s => s.Webhook, s => s.Filter, s => s.Metadata, s => new SlackReceiver(s, _secrets.Resolve));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Slack, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("requests served on the webhook ports");
}
