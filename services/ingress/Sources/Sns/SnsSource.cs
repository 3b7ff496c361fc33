using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Sns;

/// <summary>
/// The <c>sns</c> kind: SNS messages on the shared webhook ports, verified, confirmed and unwrapped by
/// <see cref="SnsReceivers"/>. The topic subscription itself is not created here (Argo subscribes with AWS credentials).
/// </summary>
public sealed class SnsSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "sns";

    private readonly SnsReceivers _receivers;

    public SnsSource(SnsReceivers receivers) => _receivers = receivers;

    public string Kind => Name;

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<SnsOptions>().BindConfiguration(SnsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SnsReceivers>();
        services.AddSingleton<IWebhookRouteSource>(sp => new SnsSource(sp.GetRequiredService<SnsReceivers>()));
    }

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Sns, s => s.Webhook, s => s.Filter, s => s.Metadata, _receivers.For);

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Sns, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("messages served on the webhook ports");
}
