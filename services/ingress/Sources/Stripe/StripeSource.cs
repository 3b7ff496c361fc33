using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Stripe;

/// <summary>The <c>stripe</c> kind: Stripe's event deliveries on the shared webhook ports, checked and shaped by <see cref="StripeReceiver"/>.</summary>
public sealed class StripeSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "stripe";

    private readonly SecretResolver _secrets;

    public StripeSource(SecretResolver secrets) => _secrets = secrets;

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource>(sp => new StripeSource(sp.GetRequiredService<SecretResolver>()));

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Stripe, s => s.Webhook, s => s.Filter, s => s.Metadata, s => new StripeReceiver(s, _secrets.Resolve));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Stripe, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("deliveries served on the webhook ports");
}
