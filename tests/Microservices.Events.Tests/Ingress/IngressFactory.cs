using System.Collections.Concurrent;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The ingress service on a test server with a webhook EventSource, recording what it hands to the bus.</summary>
public sealed class IngressFactory : WebApplicationFactory<Microservices.Events.Ingress.Program>
{
    public const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: hooks
        spec:
          webhook:
            json:
              port: "12000"
              endpoint: /json
              method: POST
              metadata: {team: platform}
            query:
              port: "12000"
              endpoint: /query
              method: GET
            secure:
              port: "12000"
              endpoint: /secure
              method: POST
              authSecret: {name: webhook-auth, key: token}
            small:
              port: "12001"
              endpoint: /small
              method: POST
              maxPayloadSize: 64
        """;

    private readonly TempSpecs _specs = new(("hooks.yaml", EventSource));

    public RecordingIngestor Ingestor { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Specs:Directory", _specs.Directory);
        builder.UseSetting("State:Provider", "InMemory");
        builder.UseSetting("Secrets:webhook-auth:token", "s3cret");
        builder.UseSetting("Ingress:PublishTimeoutSeconds", "1");
        builder.UseSetting("Ingress:RetryAfterSeconds", "7");
        builder.ConfigureTestServices(services => services.AddSingleton<IEventIngestor>(Ingestor));
    }

    public HttpClient ClientForPort(int port) => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://localhost:{port}") });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _specs.Dispose();
    }
}

/// <summary>Stands in for the bus: records events, or refuses / stalls them on demand.</summary>
public sealed class RecordingIngestor : IEventIngestor
{
    public ConcurrentQueue<EventEnvelope> Events { get; } = new();

    public Exception? Refuse { get; set; }

    public TimeSpan Stall { get; set; }

    public async Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
    {
        if (Stall > TimeSpan.Zero)
        {
            await Task.Delay(Stall, cancellationToken);
        }

        if (Refuse is not null)
        {
            throw Refuse;
        }

        Events.Enqueue(@event);
    }
}
