using System.Text;
using Microservices.Events.Ingress.Sources.Mqtt;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The mqtt kind in-process against a real Mosquitto broker of its own.</summary>
public sealed class MqttSourceTests : IAsyncLifetime
{
    private MosquittoTestServer _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoTestServer.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private SpecSnapshot Plant() => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: plant}
        spec:
          mqtt:
            readings:
              url: {{_broker.Url}}
              topic: "plant/+"
              clientId: ingress-plant
              jsonBody: true
              metadata: {site: north}
        """);

    private async Task PublishAsync(params (string Topic, string Body)[] messages)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId($"producer-{Guid.NewGuid():N}").Build());
        foreach (var (topic, body) in messages)
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(body))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await client.DisconnectAsync();
    }

    private static async Task<MqttSource> StartAsync(EdgeHarness harness, SpecSnapshot snapshot)
    {
        var kind = new MqttSource(harness.Services, harness.Secrets, NullLogger<MqttSource>.Instance);
        await kind.ApplyAsync(snapshot, default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(20)), kind.Health().Description);
        return kind;
    }

    private static IEnumerable<int> Numbers(EdgeHarness harness) => harness.Data.Select(d => d.GetProperty("body").GetProperty("n").GetInt32());

    [Fact]
    public async Task Messages_on_the_topic_become_events_and_a_body_that_is_not_JSON_is_skipped()
    {
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Plant());

        await PublishAsync(("plant/1", """{"n": 1}"""), ("plant/1", "{broken"), ("plant/2", """{"n": 2}"""), ("other/1", """{"n": 3}"""));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2));
        await Task.Delay(300);
        Assert.Equal([1, 2], Numbers(harness));
        var first = harness.Bus.Accepted.First();
        Assert.Equal(("plant", "mqtt", "readings"), (first.Source, first.Type, first.Subject));
        var data = first.Data!.Value;
        Assert.Equal(("plant/1", "north"), (data.GetProperty("topic").GetString(), data.GetProperty("metadata").GetProperty("site").GetString()));
        Assert.True(data.GetProperty("messageId").GetInt32() > 0);
        Assert.Equal(HealthStatus.Healthy, kind.Health().Status);
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task Messages_published_while_ingress_is_away_arrive_when_it_comes_back()
    {
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Plant());
        await kind.StopAsync(default);

        await PublishAsync(Enumerable.Range(0, 50).Select(i => ("plant/1", $$"""{"n": {{i}}}""")).ToArray());
        await kind.ApplyAsync(Plant(), default);

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 50, TimeSpan.FromSeconds(20)), $"{harness.Bus.Accepted.Count} of 50");
        Assert.Equal(Enumerable.Range(0, 50), Numbers(harness));
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task An_event_the_bus_refuses_is_offered_again_with_the_same_id_before_the_next_message()
    {
        var harness = new EdgeHarness(refuse: 1);
        using var kind = await StartAsync(harness, Plant());

        await PublishAsync(("plant/1", """{"n": 1}"""), ("plant/1", """{"n": 2}"""));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2, TimeSpan.FromSeconds(20)));
        Assert.Equal([1, 2], Numbers(harness));
        var offered = harness.Bus.Offered.ToList();
        Assert.Equal(3, offered.Count);
        Assert.Equal(offered[0], offered[1]);
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task After_a_broker_restart_the_listener_reconnects_and_nothing_is_lost()
    {
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Plant());

        await _broker.RestartAsync();
        await PublishAsync(("plant/1", """{"n": 1}"""));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(30)), kind.Health().Description);
        // The persistent session can hand over the queued message before the listener has marked itself subscribed.
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(10)), kind.Health().Description);
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task Over_TLS_the_broker_is_trusted_through_the_CA_secret_and_not_without_it()
    {
        using var certificates = TestCertificates.Create();
        var tlsPort = FreePort.Next();
        await using var broker = await MosquittoTestServer.StartAsync($"listener {tlsPort} 127.0.0.1", $"cafile {certificates.CaFile}", $"certfile {certificates.ServerFile}", $"keyfile {certificates.ServerKeyFile}");
        var harness = new EdgeHarness(secrets: new Dictionary<string, string> { ["mqtt-tls:ca"] = certificates.CaPem });
        var snapshot = SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: plant}
            spec:
              mqtt:
                trusted:
                  url: ssl://127.0.0.1:{{tlsPort}}
                  topic: secure/+
                  clientId: ingress-trusted
                  jsonBody: true
                  tls:
                    caCertSecret: {name: mqtt-tls, key: ca}
                untrusted:
                  url: ssl://127.0.0.1:{{tlsPort}}
                  topic: secure/+
                  clientId: ingress-untrusted
                  jsonBody: true
            """);
        using var kind = new MqttSource(harness.Services, harness.Secrets, NullLogger<MqttSource>.Instance);
        await kind.ApplyAsync(snapshot, default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Description!.StartsWith("1 of 2", StringComparison.Ordinal), TimeSpan.FromSeconds(20)), kind.Health().Description);

        using var producer = new MqttClientFactory().CreateMqttClient();
        await producer.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("tls-producer").Build());
        await producer.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("secure/1").WithPayload("""{"n": 5}"""u8.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        Assert.Equal("trusted", harness.Bus.Accepted.Single().Subject);
        Assert.Equal(HealthStatus.Degraded, kind.Health().Status);
        Assert.Contains("plant/untrusted", kind.Health().Description);
        await kind.StopAsync(default);
    }
}
