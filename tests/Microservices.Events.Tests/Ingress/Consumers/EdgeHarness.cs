using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>What a consumer-source kind needs in a test: a bus that records what it accepted (refusing the first <c>refuse</c> sends), and no secrets but those given.</summary>
public sealed class EdgeHarness
{
    public EdgeHarness(int refuse = 0, IReadOnlyDictionary<string, string?>? secrets = null)
    {
        Bus = new RecordingBus(refuse);
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        Services = new EdgeServices(Bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions { PublishTimeoutSeconds = 5 }), NullLogger<EdgeServices>.Instance);
        Secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(secrets ?? new Dictionary<string, string?>()).Build());
    }

    public RecordingBus Bus { get; }

    public EdgeServices Services { get; }

    public SecretResolver Secrets { get; }

    /// <summary>The bus: accepts an event after refusing the first <c>refuse</c> sends; <see cref="Accepted"/> in order of acceptance.</summary>
    public sealed class RecordingBus(int refuse) : IEventIngestor
    {
        private int _calls;

        public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

        public int Refused => Math.Min(_calls, refuse);

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= refuse)
            {
                throw new InvalidOperationException("the bus refused the event");
            }

            Accepted.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
