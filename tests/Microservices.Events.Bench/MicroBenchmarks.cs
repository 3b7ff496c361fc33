using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Bench;

/// <summary>The per-event building blocks of the pipeline, one webhook-sized event each.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private const string CloudEvent = """
        {"specversion":"1.0","id":"0af7651916cd43dd8448eb211c80319c","source":"bench","type":"webhook","subject":"a",
         "time":"2024-07-15T10:00:00Z","datacontenttype":"application/json",
         "data":{"header":{"Content-Type":["application/json"]},"body":{"n":42,"kind":"order","amount":17.5,"customer":{"name":"Ada","tier":"gold"},"items":[{"sku":"x1"},{"sku":"x2"}]}}}
        """;

    private EventEnvelope _event = null!;
    private JsonElement _data;
    private IReadOnlyList<DataFilter> _filters = null!;
    private ConditionNode _condition = null!;
    private Dictionary<string, bool> _satisfied = null!;
    private IReadOnlyList<TriggerParameter> _parameters = null!;
    private Dictionary<string, EventEnvelope> _events = null!;
    private RecentEventWindow _window = null!;
    private string _windowJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _event = CloudEventJson.Parse(CloudEvent);
        _data = _event.Data!.Value;
        _filters =
        [
            new DataFilter { Path = "body.kind", Type = "string", Value = ["order", "refund"] },
            new DataFilter { Path = "body.amount", Type = "number", Value = ["10"], Comparator = ">" },
        ];
        _condition = ConditionExpression.Parse("(A && B) || (C && D) || E");
        _satisfied = new Dictionary<string, bool>(StringComparer.Ordinal) { ["A"] = true, ["B"] = false, ["C"] = true, ["D"] = false, ["E"] = false };
        _parameters =
        [
            new TriggerParameter { Src = new TriggerParameterSource { DependencyName = "A", DataKey = "body.n" }, Dest = "n" },
            new TriggerParameter { Src = new TriggerParameterSource { DependencyName = "A", DataKey = "body.customer", UseRawData = true }, Dest = "customer" },
            new TriggerParameter { Src = new TriggerParameterSource { DependencyName = "A", ContextKey = "id" }, Dest = "eventId" },
        ];
        _events = new Dictionary<string, EventEnvelope>(StringComparer.Ordinal) { ["A"] = _event };

        // A full duplicate window of a hot trigger, as its saga row carries it on every event.
        _window = new RecentEventWindow();
        var seen = DateTimeOffset.UnixEpoch.AddDays(20_000);
        for (var i = 0; i < 1024; i++)
        {
            _window.TryAdd($"A/bench/{i}", seen.AddSeconds(i % 60));
        }

        _windowJson = JsonSerializer.Serialize(_window);
    }

    [Benchmark]
    public EventEnvelope CloudEventParse() => CloudEventJson.Parse(CloudEvent);

    [Benchmark]
    public string CloudEventWrite() => JsonSerializer.Serialize(_event);

    [Benchmark]
    public EventEnvelope? CloudEventRoundTrip() => JsonSerializer.Deserialize<EventEnvelope>(JsonSerializer.Serialize(_event));

    [Benchmark]
    public JsonElement? GJsonPathNested() => GJsonPath.Get(_data, "body.customer.tier");

    [Benchmark]
    public JsonElement? GJsonPathArray() => GJsonPath.Get(_data, "body.items.#.sku");

    [Benchmark]
    public FilterResult DataFilter() => DataFilters.Evaluate(_filters, "and", _data);

    [Benchmark]
    public bool Condition() => _condition.Evaluate(name => _satisfied[name]);

    [Benchmark]
    public string SagaWindowWrite() => JsonSerializer.Serialize(_window);

    [Benchmark]
    public RecentEventWindow? SagaWindowRead() => JsonSerializer.Deserialize<RecentEventWindow>(_windowJson);

    [Benchmark]
    public string? ParameterResolution() => ParameterResolver.BuildPayload(_parameters, _events)?.ToJsonString();
}
