using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The <c>github</c> kind: deliveries arrive on the shared webhook ports (<see cref="GithubRoutes"/>, served by
/// <see cref="WebhookMiddleware"/> through <see cref="GithubReceiver"/>).
/// </summary>
public sealed class GithubSource : IEventSourceKind
{
    public const string Name = "github";

    public string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookRouteSource, GithubRoutes>();

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        (source.Spec.Github ?? new Dictionary<string, GithubEventSource>())
            .Where(g => g.Value.Webhook is not { } context || !WebhookRouteTable.TryPort(context, out _) || string.IsNullOrEmpty(context.Endpoint))
            .Select(g => new SpecDiagnostic(DiagnosticSeverity.Error, $"spec.github.{g.Key}.webhook", "needs a port number and an endpoint"))
            .ToList();

    /// <summary>The routes follow the snapshot through the webhook kind's route table.</summary>
    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public HealthCheckResult Health() => HealthCheckResult.Healthy("deliveries served on the webhook ports");
}
