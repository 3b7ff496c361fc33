using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Telemetry;

/// <summary>
/// One trace per event: the webhook request, every bus hop (ingress → bus-gateway → sensor-state's matcher → the
/// correlation saga → trigger-dispatch) and the trigger's HTTP call, whose <c>traceparent</c> carries the same trace.
/// </summary>
public sealed class TracePerEventTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private string Specs() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: traced}
        spec:
          webhook:
            first: {port: "12000", endpoint: /first, method: POST}
            second: {port: "12000", endpoint: /second, method: POST}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: traced-pair}
        spec:
          dependencies:
            - {name: a, eventSourceName: traced, eventName: first}
            - {name: b, eventSourceName: traced, eventName: second}
          triggers:
            - template:
                name: call
                conditions: "a && b"
                http:
                  url: {{_sink.BaseUrl}}/traced
        """;

    [Fact]
    public async Task The_event_that_completes_a_firing_is_one_trace_from_the_webhook_to_the_trigger_call()
    {
        var spans = new LockedCollection<Activity>();
        using var specs = new TempSpecs(("traced.yaml", Specs()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.WebHost.UseTestServer();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        await using var app = EmbeddedHost.Build(builder);
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12000");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/first", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        await Task.Delay(500);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/second", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/traced"), TimeSpan.FromSeconds(30)), "the trigger did not call the sink");
        var call = _sink.Requests.Single(r => r.Path == "/traced");
        Assert.True(call.Headers.TryGetValue("traceparent", out var traceparent), "the trigger's call carries no traceparent");
        var traceId = ActivityTraceId.CreateFromString(traceparent.Split('-')[1]);
        await Task.Delay(500);
        await app.StopAsync();

        var trace = spans.Snapshot().Where(s => s.TraceId == traceId).OrderBy(s => s.StartTimeUtc).ToList();
        foreach (var span in trace)
        {
            output.WriteLine($"{span.StartTimeUtc:HH:mm:ss.fff} {span.Source.Name} | {span.DisplayName} | {span.Kind} | parent {span.ParentSpanId} | span {span.SpanId} | {string.Join(", ", span.Tags.Select(t => $"{t.Key}={t.Value}"))}");
        }

        var root = Assert.Single(trace, s => s.ParentSpanId == default);
        Assert.Equal("Microsoft.AspNetCore", root.Source.Name);
        Assert.Equal("/second", root.GetTagItem("url.path"));
        Assert.Contains(trace, s => s.Source.Name == "Microservices.Events.Ingress" && s.DisplayName == "webhook receive");
        foreach (var consumer in (string[])["EventIngestedConsumer", "EventPublishedConsumer", "TriggerRequestedConsumer"])
        {
            Assert.Contains(trace, s => s.Kind == ActivityKind.Consumer && (s.GetTagItem("messaging.masstransit.consumer_type") as string ?? "").EndsWith($".{consumer}", StringComparison.Ordinal));
        }

        Assert.Contains(trace, s => s.Kind == ActivityKind.Consumer && Equals(s.GetTagItem("messaging.masstransit.consumer_type"), "TriggerCorrelationStateMachine") && s.GetTagItem("messaging.masstransit.saga_id") is not null);
        Assert.Contains(trace, s => s.Source.Name == "Microservices.Events.TriggerDispatch" && s.DisplayName == "trigger execute");
        var outgoing = Assert.Single(trace, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        Assert.Equal(outgoing.SpanId.ToHexString(), traceparent.Split('-')[2]);
        Assert.All(trace.Where(s => s != root), s => Assert.Contains(trace, p => p.SpanId == s.ParentSpanId));
    }

    /// <summary>A collection the exporter may add to from any thread.</summary>
    private sealed class LockedCollection<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count { get { lock (_items) { return _items.Count; } } }

        public bool IsReadOnly => false;

        public List<T> Snapshot() { lock (_items) { return [.. _items]; } }

        public void Add(T item) { lock (_items) { _items.Add(item); } }

        public void Clear() { lock (_items) { _items.Clear(); } }

        public bool Contains(T item) { lock (_items) { return _items.Contains(item); } }

        public void CopyTo(T[] array, int arrayIndex) { lock (_items) { _items.CopyTo(array, arrayIndex); } }

        public bool Remove(T item) { lock (_items) { return _items.Remove(item); } }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
