using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.SensorState.Correlation;

namespace Microservices.Events.Tests.SensorState;

/// <summary>
/// The saga's row in the state database is the instance as JSON (the SQL saga store's options): a row written by an
/// earlier build must load, carry on correlating, and be written back in the same form.
/// </summary>
public sealed class CorrelationSagaRowTests
{
    private static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.General);

    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2024-07-15T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>Trigger <c>t</c> of sensor <c>s</c> on <c>A &amp;&amp; B</c>: fired once with a1+b1, then stored A a1 again.</summary>
    private static readonly string WrittenRow = """
        {"CorrelationId":"278b4e9f-52f0-5a15-a088-7dcf8a06fbd6","CurrentState":"Correlating","Version":3,"Sensor":"s","Trigger":"t","SpecGeneration":"0123456789abcdef",
        "StoredEvents":{"A":{"SpecVersion":"1.0","Id":"a1","Source":"src","Type":"webhook","Subject":"A","Time":"2024-07-15T12:00:00+00:00","DataContentType":"application/json","Data":{"n":1},"TraceParent":null,"TraceState":null}},
        "RecentEvents":"qX0ifrUcqblAD5VmQQXrhGaxlwF8D5Vm",
        "RecentFirings":[{"EventKey":"B/src/b1","FiringId":"04c2f1aa-c988-5aed-82c6-cdf6453519a4","Events":{
        "A":{"SpecVersion":"1.0","Id":"a1","Source":"src","Type":"webhook","Subject":"A","Time":"2024-07-15T12:00:00+00:00","DataContentType":"application/json","Data":{"n":1},"TraceParent":null,"TraceState":null},
        "B":{"SpecVersion":"1.0","Id":"b1","Source":"src","Type":"webhook","Subject":"B","Time":"2024-07-15T12:01:00+00:00","DataContentType":"application/json","Data":null,"TraceParent":null,"TraceState":null}}}],
        "Firings":1,"LastFiredAt":"2024-07-15T12:01:00+00:00"}
        """.ReplaceLineEndings("");

    private static TriggerCorrelationState Load() =>
        JsonSerializer.Deserialize<TriggerCorrelationState>(WrittenRow, StoreJson) ?? throw new InvalidOperationException("row did not load");

    [Fact]
    public void A_row_written_earlier_loads_and_is_written_back_unchanged()
    {
        var state = Load();

        Assert.Equal("a1", state.StoredEvents["A"].Id);
        Assert.Equal(2, state.RecentEvents.Count);
        Assert.Equal(Guid.Parse("04c2f1aa-c988-5aed-82c6-cdf6453519a4"), Assert.Single(state.RecentFirings).FiringId);
        Assert.Equal(WrittenRow, JsonSerializer.Serialize(state, StoreJson));
    }

    [Fact]
    public void A_row_written_earlier_carries_on_correlating()
    {
        var state = Load();
        DependencyMatched Matched(string dependency, string id) => new()
        {
            CorrelationId = state.CorrelationId,
            Sensor = "s",
            Trigger = "t",
            Dependency = dependency,
            Conditions = "A && B",
            SpecGeneration = "0123456789abcdef",
            Event = new EventEnvelope { Id = id, Source = "src", Subject = dependency, Type = "webhook", Time = Noon.AddMinutes(2) },
        };

        var again = TriggerCorrelation.Step(Matched("B", "b1").ToMatched(), state, Noon.AddMinutes(2));
        var completed = TriggerCorrelation.Step(Matched("B", "b2").ToMatched(), state, Noon.AddMinutes(2));

        Assert.Equal(CorrelationStepKind.Repeated, again.Kind);
        Assert.Equal(Guid.Parse("04c2f1aa-c988-5aed-82c6-cdf6453519a4"), again.Firing!.FiringId);
        Assert.Equal(CorrelationStepKind.Fired, completed.Kind);
        Assert.Equal(["a1", "b2"], completed.Firing!.Events.Values.Select(e => e.Id).Order());
    }

    [Fact]
    public void Firing_ids_are_those_earlier_builds_gave_the_same_events()
    {
        var a = new EventEnvelope { Id = "a1", Source = "src" };
        var b = new EventEnvelope { Id = "b1", Source = "src" };

        Assert.Equal(Guid.Parse("62a1dd36-6e9d-50d1-9998-855a686ba360"), CorrelationRound.FiringId("s", "t", new Dictionary<string, EventEnvelope> { ["A"] = a }));
        Assert.Equal(Guid.Parse("04c2f1aa-c988-5aed-82c6-cdf6453519a4"), CorrelationRound.FiringId("s", "t", new Dictionary<string, EventEnvelope> { ["A"] = a, ["B"] = b }));
    }
}
