using System.Collections.Concurrent;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Persistence.Calendar;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Microservices.Events.Tests.Ingress;

/// <summary>A calendar tick the bus refuses is sent again through the Polly pipeline, one second apart, six attempts in all.</summary>
public sealed class CalendarSendRetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly SpecSnapshot Hourly = SpecSnapshot.FromYaml("""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: cal}
        spec:
          calendar:
            hourly: {interval: 1h}
        """);

    [Fact]
    public async Task A_refused_send_is_retried_a_second_later_until_the_bus_accepts_it()
    {
        var time = new FakeTimeProvider(T0);
        var bus = new FlakyIngestor(time, failures: 2);
        using var calendar = Calendar(bus, time);
        await calendar.ApplyAsync(Hourly, default);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(await Eventually.HoldsAsync(() => bus.Attempts.Count == 1));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(await Eventually.HoldsAsync(() => bus.Attempts.Count == 2, TimeSpan.FromMilliseconds(100)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await Eventually.HoldsAsync(() => bus.Attempts.Count == 2));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));

        Assert.Equal([T0.AddHours(1), T0.AddHours(1).AddSeconds(1), T0.AddHours(1).AddSeconds(2)], bus.Attempts);
        await calendar.StopAsync(default);
    }

    [Fact]
    public async Task After_six_refused_attempts_the_tick_is_dropped_and_the_schedule_goes_on()
    {
        var time = new FakeTimeProvider(T0);
        var bus = new FlakyIngestor(time, failures: 6);
        using var calendar = Calendar(bus, time);
        await calendar.ApplyAsync(Hourly, default);

        time.Advance(TimeSpan.FromHours(1));
        for (var attempt = 1; attempt < 6; attempt++)
        {
            Assert.True(await Eventually.HoldsAsync(() => bus.Attempts.Count == attempt));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await Eventually.HoldsAsync(() => bus.Attempts.Count == 6));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await Eventually.HoldsAsync(() => bus.Attempts.Count > 6, TimeSpan.FromMilliseconds(200)));
        Assert.Empty(bus.Accepted);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        Assert.Contains("1 schedule(s) running", calendar.Health().Description);
        await calendar.StopAsync(default);
    }

    private static CalendarSource Calendar(IEventIngestor bus, TimeProvider time)
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new CalendarSource(bus, new InMemoryCalendarTickStore(), new EventFactory(time), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, time, Options.Create(new IngressOptions()), NullLogger<CalendarSource>.Instance);
    }

    /// <summary>A bus that refuses the first <c>failures</c> sends, recording when each attempt came.</summary>
    private sealed class FlakyIngestor(TimeProvider time, int failures) : IEventIngestor
    {
        private int _calls;

        public ConcurrentQueue<DateTimeOffset> AttemptQueue { get; } = new();

        public List<DateTimeOffset> Attempts => [.. AttemptQueue];

        public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            AttemptQueue.Enqueue(time.GetUtcNow());
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new InvalidOperationException("the bus refused the event");
            }

            Accepted.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
