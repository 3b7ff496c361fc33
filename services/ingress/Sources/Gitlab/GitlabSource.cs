using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>
/// The <c>gitlab</c> kind: deliveries arrive on the shared webhook ports (<see cref="GitlabRoutes"/> through
/// <see cref="GitlabReceiver"/>); project and group hooks are registered by <see cref="GitlabHooks"/>.
/// </summary>
public sealed class GitlabSource(GitlabHooks hooks) : IEventSourceKind
{
    public const string Name = "gitlab";

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services
        .AddSingleton<IWebhookRouteSource, GitlabRoutes>()
        .AddSingleton<GitlabHooks>();

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        ReceiverRoutes.Unroutable(Name, source.Spec.Gitlab, e => e.Webhook);

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        hooks.Apply(snapshot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => hooks.StopAsync(cancellationToken);

    public HealthCheckResult Health() => hooks.Health();
}
