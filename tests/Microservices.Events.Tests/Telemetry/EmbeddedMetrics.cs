using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.Telemetry;

/// <summary>
/// The four services in one process (test server) with an EventSource <c>metrics-shop</c> (webhooks <c>orders</c> and
/// <c>refunds</c> on port 12000) and a sensor <c>metrics-fulfil</c> whose trigger <c>log-ok</c> logs and whose trigger
/// <c>call-fails</c> calls a closed port, twice per firing.
/// </summary>
public sealed class EmbeddedMetrics : IAsyncDisposable
{
    private const string Specs = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: metrics-shop}
        spec:
          webhook:
            orders: {port: "12000", endpoint: /orders, method: POST}
            refunds: {port: "12000", endpoint: /refunds, method: POST}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: metrics-fulfil}
        spec:
          dependencies:
            - {name: order, eventSourceName: metrics-shop, eventName: orders}
          triggers:
            - template:
                name: log-ok
                log: {}
            - template:
                name: call-fails
                http:
                  url: http://127.0.0.1:1/closed
              retryStrategy: {steps: 2, duration: 10ms}
        """;

    private readonly TempSpecs _specs;
    private readonly TempStateFile _state;
    private readonly WebApplication _app;

    private EmbeddedMetrics(TempSpecs specs, TempStateFile state, WebApplication app)
    {
        _specs = specs;
        _state = state;
        _app = app;
        Metrics = app.GetTestClient();
        Webhooks = app.GetTestClient();
        Webhooks.BaseAddress = new Uri("http://localhost:12000");
    }

    /// <summary>Reaches <c>/metrics</c>.</summary>
    public HttpClient Metrics { get; }

    /// <summary>Reaches the webhooks (port 12000).</summary>
    public HttpClient Webhooks { get; }

    public static async Task<EmbeddedMetrics> StartAsync()
    {
        var specs = new TempSpecs(("shop.yaml", Specs));
        var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        var app = EmbeddedHost.Build(builder);
        await app.StartAsync();
        return new EmbeddedMetrics(specs, state, app);
    }

    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync() =>
        PrometheusText.Parse(await Metrics.GetStringAsync("/metrics"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
        _specs.Dispose();
    }
}
