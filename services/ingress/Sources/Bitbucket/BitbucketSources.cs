using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Bitbucket;

/// <summary>
/// The <c>bitbucket</c> (Cloud) kind: deliveries on the shared webhook ports through <see cref="BitbucketReceiver"/>,
/// unsigned as in Argo. Hooks are not registered on Bitbucket.
/// </summary>
public sealed class BitbucketSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "bitbucket";

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource>(new BitbucketSource());

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Bitbucket, s => s.Webhook, s => s.Filter, s => s.Metadata, s => new BitbucketReceiver(s.Events, s.Metadata, signed: false, () => null));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Bitbucket, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("deliveries served on the webhook ports");
}

/// <summary>
/// The <c>bitbucketserver</c> kind: deliveries on the shared webhook ports through <see cref="BitbucketReceiver"/>,
/// signed with <c>webhookSecret</c> in <c>X-Hub-Signature</c>; webhooks registered by <see cref="BitbucketServerHooks"/>.
/// </summary>
public sealed class BitbucketServerSource : IEventSourceKind, IWebhookRouteSource
{
    public const string Name = "bitbucketserver";

    private readonly SecretResolver _secrets;
    private readonly BitbucketServerHooks? _hooks;

    public BitbucketServerSource(SecretResolver secrets, BitbucketServerHooks? hooks = null)
    {
        _secrets = secrets;
        _hooks = hooks;
    }

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services
        .AddSingleton<BitbucketServerHooks>()
        .AddSingleton<IWebhookRouteSource>(sp => new BitbucketServerSource(sp.GetRequiredService<SecretResolver>()));

    public IEnumerable<WebhookRoute> Routes(EventSource source) => ReceiverRoutes.For(
        source, Name, source.Spec.Bitbucketserver, s => s.Webhook, s => s.Filter, s => s.Metadata,
        s => new BitbucketReceiver(s.Events, s.Metadata, signed: s.WebhookSecret is not null, () => _secrets.Resolve(s.WebhookSecret)));

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => ReceiverRoutes.Unroutable(Name, source.Spec.Bitbucketserver, s => s.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        _hooks?.Apply(snapshot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _hooks?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public HealthCheckResult Health() => _hooks?.Health() ?? HealthCheckResult.Healthy("deliveries served on the webhook ports");
}
