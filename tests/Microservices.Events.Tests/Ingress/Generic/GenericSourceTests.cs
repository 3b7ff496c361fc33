using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Generic;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress.Generic;

/// <summary>The <c>generic</c> kind: Argo's event data, and the gRPC stream against a server of the protocol (config, auth, reconnect, bad payloads).</summary>
public sealed class GenericSourceTests : IAsyncLifetime
{
    private readonly Ingestor _bus = new();
    private GenericEventSourceServer _server = null!;

    public async Task InitializeAsync() => _server = await GenericEventSourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(true, """{"a":1}""", """{"body":{"a":1}}""")]
    [InlineData(false, "hi", """{"body":"aGk="}""")]
    [InlineData(null, """{"a":1}""", """{"body":"eyJhIjoxfQ=="}""")]
    public void The_body_is_the_payload_as_JSON_with_jsonBody_and_base64_bytes_without(bool? jsonBody, string payload, string expected)
    {
        Assert.True(GenericEvents.TryData(new GenericEventSource { JsonBody = jsonBody }, Encoding.UTF8.GetBytes(payload), out var data, out _));
        Assert.Equal(expected, JsonSerializer.Serialize(data));
    }

    [Fact]
    public void Metadata_is_copied_and_a_payload_that_is_not_JSON_is_refused_with_jsonBody()
    {
        var spec = new GenericEventSource { JsonBody = true, Metadata = new Dictionary<string, string> { ["team"] = "a" } };

        Assert.True(GenericEvents.TryData(spec, "1"u8.ToArray(), out var data, out _));
        Assert.Equal("""{"body":1,"metadata":{"team":"a"}}""", JsonSerializer.Serialize(data));
        Assert.False(GenericEvents.TryData(spec, "{not json"u8.ToArray(), out _, out var problem));
        Assert.Contains("not JSON", problem);
    }

    [Fact]
    public async Task The_stream_carries_name_config_and_token_and_its_events_reach_the_bus_across_a_dropped_stream()
    {
        using var kind = Kind(new Dictionary<string, string?> { ["Secrets:generic-auth:token"] = "s3cret" });
        await kind.ApplyAsync(SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: gen}
            spec:
              generic:
                example:
                  url: "{{_server.Url}}"
                  insecure: true
                  jsonBody: true
                  config: "key1: value1"
                  authSecret: {name: generic-auth, key: token}
                  filter: {expression: "body.n != 3"}
            """), default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy), kind.Health().Description);

        foreach (var payload in new[] { """{"n":1}""", "{broken", """{"n":2}""", """{"n":3}""" })
        {
            await _server.SendAsync(Encoding.UTF8.GetBytes(payload));
        }

        Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 2 && _server.Streamed == 4));
        _server.DropStreams();
        await _server.SendAsync(Encoding.UTF8.GetBytes("""{"n":4}"""));
        Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 3, TimeSpan.FromSeconds(20)));
        await kind.StopAsync(default);

        Assert.Equal([1, 2, 4], _bus.Events.Select(e => e.Data!.Value.GetProperty("body").GetProperty("n").GetInt32()));
        Assert.All(_bus.Events, e => Assert.Equal(("generic", "gen", "example"), (e.Type, e.Source, e.Subject)));
        Assert.Equal(3, _bus.Events.Select(e => e.Id).Distinct().Count());
        Assert.True(_server.Starts.Count >= 2);
        Assert.All(_server.Starts, s => Assert.Equal(("example", "key1: value1", "Bearer s3cret"), s));
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_on_health_and_a_missing_auth_secret_too()
    {
        using var kind = Kind(new Dictionary<string, string?>());
        await kind.ApplyAsync(SpecSnapshot.FromYaml($$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: gen}
            spec:
              generic:
                absent: {url: "127.0.0.1:9", insecure: true}
                unauthorised: {url: "{{{_server.Url}}}", insecure: true, authSecret: {name: nowhere, key: token}}
            """), default);

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Description!.Contains("gen/absent", StringComparison.Ordinal)
                                                      && kind.Health().Description!.Contains("authSecret nowhere/token is not available", StringComparison.Ordinal)),
            kind.Health().Description);
        await kind.StopAsync(default);
    }

    private GenericSource Kind(IDictionary<string, string?> settings)
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var services = new EdgeServices(_bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions()), NullLogger<EdgeServices>.Instance);
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return new GenericSource(services, secrets, NullLogger<GenericSource>.Instance);
    }

    private sealed class Ingestor : IEventIngestor
    {
        public ConcurrentQueue<EventEnvelope> Events { get; } = new();

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            Events.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
