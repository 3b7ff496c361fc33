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

/// <summary>What a consumer-source kind runs on in-process: a bus that records the events it accepts (and refuses the first <c>refuse</c>), secrets, a short publish timeout.</summary>
public sealed class EdgeHarness
{
    /// <param name="secrets">Secret values by <c>name:key</c>.</param>
    public EdgeHarness(int refuse = 0, IReadOnlyDictionary<string, string>? secrets = null)
    {
        Secrets = new SecretResolver(new ConfigurationBuilder()
            .AddInMemoryCollection((secrets ?? new Dictionary<string, string>()).Select(s => KeyValuePair.Create($"Secrets:{s.Key}", (string?)s.Value)))
            .Build());
        Bus = new RecordingBus(refuse);
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        Services = new EdgeServices(Bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions { PublishTimeoutSeconds = 2 }), NullLogger<EdgeServices>.Instance);
    }

    public RecordingBus Bus { get; }

    public EdgeServices Services { get; }

    public SecretResolver Secrets { get; }

    /// <summary>The data of the accepted events, in order.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> Data => Bus.Accepted.Select(e => e.Data!.Value).ToList();

    public sealed class RecordingBus(int refuse) : IEventIngestor
    {
        private int _calls;

        public ConcurrentQueue<EventEnvelope> Accepted { get; } = new();

        /// <summary>The id of every event offered, accepted or not, in order.</summary>
        public ConcurrentQueue<string> Offered { get; } = new();

        public int Refused => Math.Min(Volatile.Read(ref _calls), refuse);

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            Offered.Enqueue(@event.Id);
            if (Interlocked.Increment(ref _calls) <= refuse)
            {
                throw new InvalidOperationException("bus unavailable");
            }

            Accepted.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
