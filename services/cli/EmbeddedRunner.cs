using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Database;
using Microsoft.Extensions.Options;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Cli;

/// <summary><c>events run</c>: starts the embedded host and prints where it listens and how to send an event.</summary>
public static class EmbeddedRunner
{
    public static async Task<int> RunAsync(DirectoryInfo specs, string urls, FileInfo? state, TextWriter output, CancellationToken cancellationToken)
    {
        if (!specs.Exists)
        {
            await output.WriteLineAsync($"error: spec folder {specs.FullName} does not exist");
            return 2;
        }

        var app = EmbeddedHost.Build(EmbeddedHost.CreateBuilder(specs.FullName, urls, stateFile: state?.FullName));
        await app.StartAsync(cancellationToken);

        var snapshot = app.Services.GetRequiredService<ISpecCatalog>().Current;
        var routes = app.Services.GetRequiredService<WebhookRouteTable>().All.OrderBy(r => r.Port).ThenBy(r => r.Endpoint, StringComparer.Ordinal).ToList();
        var baseUrl = urls.Split(';')[0].TrimEnd('/');
        await output.WriteLineAsync("Microservices.Events is running: ingress, bus-gateway, sensor-state and trigger-dispatch in one process (in-memory bus)");
        await output.WriteLineAsync($"  specs    {specs.FullName}: {snapshot.EventSources.Count} event source(s), {snapshot.Sensors.Count} sensor(s)");
        await output.WriteLineAsync($"  state    {DescribeState(app.Services)}");
        await output.WriteLineAsync($"  health   {baseUrl}/health");
        await output.WriteLineAsync($"  metrics  {baseUrl}/metrics");
        await output.WriteLineAsync($"  sink     {baseUrl}/sink/<name>  (logs what HTTP triggers send)");
        await output.WriteLineAsync($"  failed   {baseUrl}/firings/failed  (failed firings; events firings failed|show|redrive)");
        foreach (var route in routes)
        {
            await output.WriteLineAsync($"  {route.Kind,-8} {route.Method} http://localhost:{route.Port}{route.Endpoint}  ({route.EventSourceName}/{route.EventName})");
        }

        // The example request suits a plain webhook; the other kinds need their service's signature.
        if (routes.FirstOrDefault(r => r.Kind == WebhookSource.Name) is { } first)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Send an event:");
            await output.WriteLineAsync($"  curl -X {first.Method} http://localhost:{first.Port}{first.Endpoint} -H 'Content-Type: application/json' -d '{{\"message\":\"hello\"}}'");
            await output.WriteLineAsync("Trigger output appears below. Ctrl+C stops.");
        }

        await output.FlushAsync(cancellationToken);
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        return 0;
    }

    private static string DescribeState(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StateOptions>>().Value.Provider == StateProvider.InMemory
            ? "in memory (lost on exit)"
            : services.GetRequiredService<StateDatabase>().Describe();
}
