using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The <c>github</c> kind: deliveries arrive on the shared webhook ports (<see cref="GithubRoutes"/>, served by
/// <see cref="WebhookMiddleware"/> through <see cref="GithubReceiver"/>); hooks are registered on GitHub by
/// <see cref="GithubHooks"/>.
/// </summary>
public sealed class GithubSource(GithubHooks hooks) : IEventSourceKind
{
    public const string Name = "github";

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services
        .AddSingleton<IWebhookRouteSource, GithubRoutes>()
        .AddSingleton<GithubHooks>();

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        ReceiverRoutes.Unroutable(Name, source.Spec.Github, e => e.Webhook);

    /// <summary>The routes follow the snapshot through the webhook kind's route table; hooks are reconciled in the background.</summary>
    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        hooks.Apply(snapshot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => hooks.StopAsync(cancellationToken);

    public HealthCheckResult Health() => hooks.Health();
}
