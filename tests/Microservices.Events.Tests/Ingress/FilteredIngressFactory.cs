using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The ingress service on a test server with webhooks that carry a <c>filter.expression</c>.</summary>
public sealed class FilteredIngressFactory : WebApplicationFactory<Microservices.Events.Ingress.Program>
{
    public const int Port = 12010;

    public const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: filtered
        spec:
          webhook:
            only-four:
              port: "12010"
              endpoint: /only-four
              method: POST
              filter:
                expression: "(body.id == 4) && (body.name != 'Joe')"
            broken:
              port: "12010"
              endpoint: /broken
              method: POST
              filter:
                expression: "body.id < 'a'"
        """;

    private readonly TempSpecs _specs = new(("filtered.yaml", EventSource));

    public RecordingIngestor Ingestor { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Specs:Directory", _specs.Directory);
        builder.UseSetting("State:Provider", "InMemory");
        builder.ConfigureTestServices(services => services.AddSingleton<IEventIngestor>(Ingestor));
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://localhost:{Port}") });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _specs.Dispose();
    }
}
