using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The consumer-source shape: ids from coordinates, the reconnect backoff, supervision (a failing loop restarts and
/// /health names it meanwhile) and the acknowledge-after-accept outcomes.
/// </summary>
public sealed class ConsumerSourceKindTests
{
    private static readonly SpecSnapshot TwoEvents = SpecSnapshot.FromYaml("""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: edge}
        spec:
          generic:
            first: {url: "127.0.0.1:1", config: "1"}
            second: {url: "127.0.0.1:2", config: "2"}
        """);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(50, 30)]
    public void Reconnect_waits_double_up_to_thirty_seconds(int retry, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), EdgeBackoff.Delay(retry));

    [Fact]
    public void An_id_depends_on_the_source_the_event_and_every_coordinate()
    {
        var id = EdgeIds.From("es", "ev", "topic", "0", "42");
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, EdgeIds.From("es", "ev", "topic", "0", "42"));
        Assert.NotEqual(id, EdgeIds.From("es", "ev", "topic", "0", "43"));
        Assert.NotEqual(id, EdgeIds.From("es", "other", "topic", "0", "42"));
        Assert.NotEqual(EdgeIds.From("es", "ev", "a\nb"), EdgeIds.From("es", "ev", "a", "b\n"));
    }

    [Fact]
    public async Task A_loop_that_fails_is_started_again_and_health_names_it_until_it_connects()
    {
        var bus = new Ingestor(refuse: 0);
        using var kind = new FakeKind(Services(bus), failuresBeforeConnect: 2);
        await kind.ApplyAsync(TwoEvents, default);

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded && kind.Health().Description!.Contains("broker unreachable", StringComparison.Ordinal)));
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(15)), kind.Health().Description);
        Assert.Equal(2, kind.Failures["first"]);
        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 2));
        Assert.Equal(["first", "second"], bus.Accepted.Select(e => e.Subject).Order());
        Assert.All(bus.Accepted, e => Assert.Equal(EdgeIds.From("edge", e.Subject, "offset", "0"), e.Id));
        await kind.StopAsync(default);
        Assert.Contains("0 listener(s)", kind.Health().Description);
    }

    [Fact]
    public async Task An_event_the_bus_refuses_is_refused_filtered_events_pass_and_accepted_ones_are_sent()
    {
        var bus = new Ingestor(refuse: 1);
        var listener = Listener(Services(bus));
        var data = JsonSerializer.SerializeToElement(new { n = 3 });

        Assert.Equal(EdgeOutcome.Refused, await listener.DeliverAsync(data, "id-1", null, default));
        Assert.Equal(EdgeOutcome.Accepted, await listener.DeliverAsync(data, "id-1", null, default));
        Assert.Equal(EdgeOutcome.Filtered, await listener.DeliverAsync(data, "id-2", "n > 5", default));
        Assert.Equal(["id-1"], bus.Accepted.Select(e => e.Id));
    }

    [Fact]
    public async Task Deliver_until_accepted_tries_again_after_a_second()
    {
        var bus = new Ingestor(refuse: 1);
        var listener = Listener(Services(bus));
        var started = DateTime.UtcNow;
        Assert.Equal(EdgeOutcome.Accepted, await listener.DeliverUntilAcceptedAsync(JsonSerializer.SerializeToElement(new { n = 1 }), "id", null, default));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
        Assert.Single(bus.Accepted);
    }

    private static EdgeListener Listener(EdgeServices services) => new(services, "generic", "edge", "one");

    private static EdgeServices Services(IEventIngestor bus)
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new EdgeServices(bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions()), NullLogger<EdgeServices>.Instance);
    }

    /// <summary>A kind over <c>spec.generic</c> whose loop fails <c>failuresBeforeConnect</c> times, then sends one message.</summary>
    private sealed class FakeKind(EdgeServices services, int failuresBeforeConnect)
        : ConsumerSourceKind<GenericEventSource>(services, NullLogger.Instance)
    {
        public ConcurrentDictionary<string, int> Failures { get; } = new();

        public override string Kind => "generic";

        protected override IReadOnlyDictionary<string, GenericEventSource>? EventsOf(EventSourceSpec spec) => spec.Generic;

        protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, GenericEventSource spec, CancellationToken cancellationToken)
        {
            if (Failures.AddOrUpdate(listener.EventName, 1, (_, n) => n + 1) <= failuresBeforeConnect)
            {
                throw new InvalidOperationException("broker unreachable");
            }

            Failures.AddOrUpdate(listener.EventName, 0, (_, n) => n - 1);
            listener.MarkConnected();
            await listener.DeliverUntilAcceptedAsync(JsonSerializer.SerializeToElement(new { n = spec.Config }), listener.IdFor("offset", "0"), null, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private sealed class Ingestor(int refuse) : IEventIngestor
    {
        private int _calls;

        public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= refuse)
            {
                throw new InvalidOperationException("refused");
            }

            Accepted.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
