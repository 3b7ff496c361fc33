using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microservices.Events.Ingress;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A webhook's <c>filter.expression</c> (argo-reference §1.2): false or an error drops the event, the request still gets 200.</summary>
public sealed class FilteredWebhookTests : IClassFixture<FilteredIngressFactory>, IDisposable
{
    private readonly FilteredIngressFactory _factory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _filtered = new();

    public FilteredWebhookTests(FilteredIngressFactory factory)
    {
        _factory = factory;
        while (_factory.Ingestor.Events.TryDequeue(out _))
        {
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "events_filtered_total", Meter.Name: IngressTelemetry.Name })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (map.GetValueOrDefault("event_source") == "filtered")
            {
                _filtered.Enqueue($"{map["event_name"]}:{map["outcome"]}");
            }
        });
        _listener.Start();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_event_the_filter_accepts_is_ingested()
    {
        var response = await _factory.Client().PostAsync("/only-four", Json("""{"id":4,"name":"Ann"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = Assert.Single(_factory.Ingestor.Events);
        Assert.Equal("only-four", e.Subject);
        Assert.Empty(_filtered);
    }

    [Fact]
    public async Task An_event_the_filter_rejects_is_answered_200_but_not_ingested_and_is_counted()
    {
        var response = await _factory.Client().PostAsync("/only-four", Json("""{"id":4,"name":"Joe"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Empty(_factory.Ingestor.Events);
        Assert.Equal(["only-four:false"], _filtered);
    }

    [Fact]
    public async Task An_event_whose_filter_fails_to_evaluate_is_dropped_too()
    {
        var response = await _factory.Client().PostAsync("/broken", Json("""{"id":4}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_factory.Ingestor.Events);
        Assert.Equal(["broken:error"], _filtered);
    }

    public void Dispose() => _listener.Dispose();
}
