using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The bus as a consumer source sees it, recording what it accepted; it refuses every event while <see cref="Refusing"/>
/// is set. <see cref="Services"/> are the edge services of a kind under test on this bus.
/// </summary>
public sealed class EdgeRecordingBus : IEventIngestor
{
    public EdgeRecordingBus()
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        Services = new EdgeServices(this, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions { PublishTimeoutSeconds = 2 }), NullLogger<EdgeServices>.Instance);
    }

    public EdgeServices Services { get; }

    public volatile bool Refusing;

    public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

    public int Refused => _refused;

    private int _refused;

    public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
    {
        if (Refusing)
        {
            Interlocked.Increment(ref _refused);
            throw new InvalidOperationException("the bus is down");
        }

        Accepted.Enqueue(@event);
        return Task.CompletedTask;
    }
}
