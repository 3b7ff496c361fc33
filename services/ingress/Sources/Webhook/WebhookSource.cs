using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// The <c>webhook</c> kind: one listener per port (<see cref="WebhookListeners"/>, given to Kestrel by
/// <see cref="WebhookKestrelSetup"/>), a route per endpoint in <see cref="WebhookRouteTable"/>, served by
/// <see cref="WebhookMiddleware"/>. A new snapshot replaces the routes and opens or closes the ports it adds or drops.
/// </summary>
public sealed class WebhookSource(WebhookRouteTable routes, WebhookCertificates? certificates = null, ILogger<WebhookSource>? logger = null) : IEventSourceKind
{
    public const string Name = "webhook";

    public string Kind => Name;

    /// <summary>The route table, the listeners on the webhook ports, and Kestrel's log kept to errors.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<WebhookRouteTable>();
        services.AddSingleton<WebhookCertificates>();
        services.AddSingleton<WebhookListeners>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, WebhookKestrelSetup>();

        // Kestrel's endpoints come from WebhookListeners (the configured URLs among them); its notice that it
        // "overrides" those URLs is expected, not a problem.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error));
    }

    /// <summary>Requests on a webhook port go to their route; others pass through.</summary>
    public static void UseRequests(IApplicationBuilder app) => app.UseMiddleware<WebhookMiddleware>();

    public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) =>
        (source.Spec.Webhook ?? new Dictionary<string, WebhookEventSource>())
            .Where(w => !WebhookRouteTable.TryPort(w.Value, out _) || string.IsNullOrEmpty(w.Value.Endpoint))
            .Select(w => new SpecDiagnostic(DiagnosticSeverity.Error, $"spec.webhook.{w.Key}", "needs a port number and an endpoint"))
            .ToList();

    public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
    {
        routes.Replace(snapshot);
        foreach (var problem in TlsProblems())
        {
            logger?.LogError("Webhook TLS: {Problem}", problem);
        }

        return Task.CompletedTask;
    }

    /// <summary>Nothing to stop: the listeners are Kestrel's and close with the host.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Degraded while a route is left out for its TLS or a TLS port has no certificate to serve; other ports serve on.</summary>
    public HealthCheckResult Health()
    {
        var served = $"{routes.All.Count()} route(s) on {routes.Ports.Count} port(s)";
        var problems = TlsProblems();
        return problems.Count == 0 ? HealthCheckResult.Healthy(served) : HealthCheckResult.Degraded($"{served}; {string.Join("; ", problems)}");
    }

    private List<string> TlsProblems() => [.. routes.Conflicts, .. certificates?.Problems() ?? []];
}
