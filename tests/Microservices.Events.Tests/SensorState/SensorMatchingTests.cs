using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.SensorState.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.SensorState;

/// <summary>Published events through the dependency index, filters and sagas of real sensor specs.</summary>
public sealed class SensorMatchingTests
{
    private const string TwoTriggers = """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: multi
        spec:
          dependencies:
            - {name: d1, eventSourceName: es, eventName: e1}
            - {name: d2, eventSourceName: es, eventName: e2}
            - {name: d3, eventSourceName: es, eventName: e3}
          triggers:
            - template: {name: T1, conditions: "(d1 && d2) || d3", log: {}}
            - template: {name: T2, conditions: "d1", log: {}}
        """;

    [Fact]
    public async Task K05_to_K08_mixed_conditions_fire_as_Argo_does()
    {
        await using var h = await SensorStateHarness.StartAsync(TwoTriggers);

        await h.PublishAsync("es", "e1", "d1-1");
        var afterD1 = await h.FiringsAsync(1);
        Assert.Equal(["T2"], afterD1.Select(f => f.Trigger));                    // K05

        await h.PublishAsync("es", "e2", "d2-1");
        var afterD2 = await h.FiringsAsync(2);
        Assert.Single(afterD2, f => f.Trigger == "T1");                         // K06

        await h.PublishAsync("es", "e2", "d2-2");
        Assert.Equal(2, (await h.FiringsAsync()).Count);                       // K07: d2 stored

        await h.PublishAsync("es", "e3", "d3-1");
        var all = await h.FiringsAsync(3);
        var second = all.Where(f => f.Trigger == "T1").Last();                  // K08
        Assert.Equal(2, all.Count(f => f.Trigger == "T1"));
        Assert.Equal("d3-1", second.Events["d3"].Id);
        Assert.Equal("d2-2", second.Events["d2"].Id);
    }

    [Fact]
    public async Task A_trigger_without_an_AND_is_requested_by_the_matcher_with_the_firing_id_its_event_determines_also_when_delivered_again()
    {
        await using var h = await SensorStateHarness.StartAsync(TwoTriggers);

        var @event = await h.PublishAsync("es", "e1", "d1-1");
        await h.PublishAsync("es", "e1", "d1-1");

        var firings = await h.FiringsAsync(2);
        Assert.Equal(["T2", "T2"], firings.Select(f => f.Trigger));
        Assert.All(firings, f => Assert.Equal(CorrelationRound.FiringId("multi", "T2", new Dictionary<string, EventEnvelope> { ["d1"] = @event }), f.FiringId));
        Assert.Empty(h.Saga.Consumed.Select<DependenciesMatched>(m => m.Context.Message.Matches.Any(x => x.Trigger == "T2")));
    }

    [Fact]
    public async Task Events_published_at_once_reach_their_saga_each_exactly_once_and_each_fires_in_one_pair_at_most()
    {
        const string Pair = """
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata:
              name: hot
            spec:
              dependencies:
                - {name: A, eventSourceName: es, eventName: a}
                - {name: B, eventSourceName: es, eventName: b}
              triggers:
                - template: {name: pair, conditions: "A && B", log: {}}
            """;
        await using var h = await SensorStateHarness.StartAsync(Pair);
        var ids = Enumerable.Range(0, 200).Select(i => $"{(i % 2 == 0 ? "a" : "b")}-{i}").ToList();

        await Task.WhenAll(ids.Select(id => h.Harness.Bus.Publish(SensorStateHarness.Published("es", id[..1], id))));

        IEnumerable<string> Applied() => h.Saga.Consumed.Select<DependenciesMatched>().SelectMany(m => m.Context.Message.Matches).Select(m => m.Event.Id);
        Assert.True(await Eventually.HoldsAsync(() => Applied().Count() >= ids.Count, TimeSpan.FromSeconds(30)), $"the saga applied {Applied().Count()} of {ids.Count}");
        await Task.Delay(200);
        Assert.Equal(ids.Order(), Applied().Order());
        var messages = h.Saga.Consumed.Select<DependenciesMatched>().Select(m => m.Context.Message).ToList();
        Assert.All(messages, m => Assert.All(m.Matches, x => Assert.Equal(m.CorrelationId, x.CorrelationId)));
        Assert.Equal(0, h.Services.GetRequiredService<MatchedDependencyGroups>().Waiting);

        var firings = await h.FiringsAsync(1);
        Assert.All(firings, f => Assert.Equal(("a", "b"), (f.Events["A"].Id[..1], f.Events["B"].Id[..1])));
        Assert.Equal(firings.Count, firings.Select(f => f.FiringId).Distinct().Count());
        Assert.Equal(firings.Count, firings.Select(f => f.Events["A"].Id).Distinct().Count());
        Assert.Equal(firings.Count, firings.Select(f => f.Events["B"].Id).Distinct().Count());
    }

    [Fact]
    public async Task K04_no_conditions_means_all_dependencies()
    {
        await using var h = await SensorStateHarness.StartAsync("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - {name: a, eventSourceName: es, eventName: a}
                - {name: b, eventSourceName: es, eventName: b}
              triggers:
                - template: {name: t, log: {}}
            """);

        await h.PublishAsync("es", "a", "a1");
        Assert.Empty(await h.FiringsAsync());
        await h.PublishAsync("es", "b", "b1");
        Assert.Single(await h.FiringsAsync(1));
    }

    [Fact]
    public async Task Data_filters_decide_whether_an_event_counts_and_a_failed_one_is_never_stored()
    {
        await using var h = await SensorStateHarness.StartAsync("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - name: a
                  eventSourceName: es
                  eventName: a
                  filters:
                    data:
                      - {path: body.env, type: string, value: ["^prod$"]}
                - {name: b, eventSourceName: es, eventName: b}
              triggers:
                - template: {name: t, conditions: "a && b", log: {}}
            """);

        await h.PublishAsync("es", "a", "a-bad", """{"body":{"env":"dev"}}""");
        await h.PublishAsync("es", "b", "b1");
        Assert.Empty(await h.FiringsAsync());                                   // K15

        await h.PublishAsync("es", "a", "a-good", """{"body":{"env":"prod"}}""");
        var firing = Assert.Single(await h.FiringsAsync(1));
        Assert.Equal("a-good", firing.Events["a"].Id);
        Assert.Equal("b1", firing.Events["b"].Id);
    }

    [Fact]
    public async Task A_jq_transform_changes_what_the_trigger_receives_for_that_dependency_only()
    {
        await using var h = await SensorStateHarness.StartAsync("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - name: shouted
                  eventSourceName: es
                  eventName: a
                  transform:
                    jq: '.body.message *= 2 | .body.seen = true'
                  filters:
                    data:
                      - {path: body.seen, type: bool, value: ["true"]}
                - {name: plain, eventSourceName: es, eventName: a}
              triggers:
                - template: {name: t, log: {}}
            """);

        await h.PublishAsync("es", "a", "a1", """{"body":{"message":"hey"}}""");

        var firing = Assert.Single(await h.FiringsAsync(1));
        var shouted = firing.Events["shouted"];
        Assert.True(JsonElement.DeepEquals(Json("""{"body":{"message":"heyhey","seen":true}}"""), shouted.Data!.Value), shouted.Data.Value.GetRawText());
        Assert.Equal("application/json", shouted.DataContentType);
        Assert.Equal("a1", shouted.Id);
        Assert.True(JsonElement.DeepEquals(Json("""{"body":{"message":"hey"}}"""), firing.Events["plain"].Data!.Value));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_failing_transform_drops_the_event_for_its_dependency()
    {
        await using var h = await SensorStateHarness.StartAsync("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - {name: a, eventSourceName: es, eventName: a, transform: {script: "return 'not a table'"}}
              triggers:
                - template: {name: t, log: {}}
            """);

        await h.PublishAsync("es", "a", "a1", """{"body":{}}""");

        Assert.Empty(await h.FiringsAsync());
    }

    [Fact]
    public async Task K09_one_event_satisfies_two_dependencies_on_the_same_source_and_name()
    {
        await using var h = await SensorStateHarness.StartAsync("""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - {name: d1, eventSourceName: calendar, eventName: example}
                - {name: d2, eventSourceName: calendar, eventName: example}
              triggers:
                - template: {name: t, log: {}}
            """);

        await h.PublishAsync("calendar", "example", "tick-1");

        var firing = Assert.Single(await h.FiringsAsync(1));
        Assert.Equal(["d1", "d2"], firing.Events.Keys.Order());
    }

    [Fact]
    public async Task K12_a_changed_expression_discards_the_stored_events_of_the_old_spec()
    {
        await using var h = await SensorStateHarness.StartAsync(TwoTriggers);
        await h.PublishAsync("es", "e1", "d1-1");
        Assert.Equal(["T2"], (await h.FiringsAsync(1)).Select(f => f.Trigger));

        h.Catalog.Replace(Microservices.Events.Specs.Sources.SpecSnapshot.FromYaml(TwoTriggers.Replace("(d1 && d2) || d3", "d1 && d2")));
        await h.PublishAsync("es", "e3", "d3-1");
        await h.PublishAsync("es", "e2", "d2-1");

        Assert.DoesNotContain(await h.FiringsAsync(), f => f.Trigger == "T1");
    }

    [Fact]
    public async Task Events_nobody_depends_on_are_ignored()
    {
        await using var h = await SensorStateHarness.StartAsync(TwoTriggers);

        await h.PublishAsync("other", "e1", "x1");

        Assert.Empty(await h.FiringsAsync());
    }
}
