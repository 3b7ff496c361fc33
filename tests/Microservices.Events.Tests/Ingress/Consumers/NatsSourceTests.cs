using System.Text;
using System.Text.Json;
using Microservices.Events.Ingress.Sources.Nats;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The nats kind against a real nats-server with JetStream: core subscriptions and the jetStream durable consumer.</summary>
public sealed class NatsSourceTests(JetStreamFixture nats) : IClassFixture<JetStreamFixture>
{
    private static SpecSnapshot Source(string url, string nats) => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: broker}
        spec:
          nats:
            {{nats.Replace("{URL}", url, StringComparison.Ordinal)}}
        """);

    private static async Task<NatsSource> RunAsync(EdgeHarness harness, SpecSnapshot snapshot)
    {
        var kind = new NatsSource(harness.Services, harness.Secrets, NullLogger<NatsSource>.Instance);
        await kind.ApplyAsync(snapshot, default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(20)), kind.Health().Description);
        return kind;
    }

    private async Task<NatsConnection> ClientAsync()
    {
        var client = new NatsConnection(NatsOpts.Default with { Url = nats.Server.Url });
        await client.ConnectAsync();
        return client;
    }

    [SkippableFact]
    public async Task A_core_message_becomes_an_event_with_its_subject_headers_json_body_and_metadata()
    {
        nats.Require();
        var harness = new EdgeHarness();
        using var kind = await RunAsync(harness, Source(nats.Server.Url, """
            orders: {url: "{URL}", subject: "orders.*", jsonBody: true, metadata: {team: a}}
            """));
        await using var client = await ClientAsync();

        await client.PublishAsync("orders.created", Encoding.UTF8.GetBytes("""{"n": 7}"""), headers: new NatsHeaders { ["trace"] = "t-1" });

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1));
        var @event = Assert.Single(harness.Bus.Accepted);
        Assert.Equal(("broker", "nats", "orders"), (@event.Source, @event.Type, @event.Subject));
        var expected = JsonDocument.Parse("""{"subject": "orders.created", "header": {"trace": ["t-1"]}, "body": {"n": 7}, "metadata": {"team": "a"}}""").RootElement;
        Assert.True(JsonElement.DeepEquals(expected, @event.Data!.Value), @event.Data!.Value.GetRawText());
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task Without_json_body_the_body_is_base64_and_with_it_a_body_that_is_not_json_is_dropped_and_the_loop_goes_on()
    {
        nats.Require();
        var harness = new EdgeHarness();
        using var kind = await RunAsync(harness, Source(nats.Server.Url, """
            raw: {url: "{URL}", subject: raw}
                json: {url: "{URL}", subject: json, jsonBody: true}
            """));
        await using var client = await ClientAsync();

        await client.PublishAsync("raw", Encoding.UTF8.GetBytes("not json"));
        await client.PublishAsync("json", Encoding.UTF8.GetBytes("{not json"));
        await client.PublishAsync("json", Encoding.UTF8.GetBytes("[1]"));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2));
        await Task.Delay(300);
        Assert.Equal(2, harness.Bus.Accepted.Count);
        var raw = harness.Bus.Accepted.Single(e => e.Subject == "raw");
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("not json")), raw.Data!.Value.GetProperty("body").GetString());
        Assert.Equal("[1]", harness.Bus.Accepted.Single(e => e.Subject == "json").Data!.Value.GetProperty("body").GetRawText());
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task A_jetstream_message_is_acknowledged_only_after_the_bus_accepted_it_and_its_id_comes_from_the_stream_sequence()
    {
        nats.Require();
        var stream = $"S{Guid.NewGuid():N}";
        await using var client = await ClientAsync();
        var js = new NatsJSContext(client);
        await js.CreateStreamAsync(new StreamConfig(stream, [$"{stream}.>"]));
        var harness = new EdgeHarness(refuse: 2);
        using var kind = await RunAsync(harness, Source(nats.Server.Url, $$"""
            durable: {url: "{URL}", subject: "{{stream}}.in", jsonBody: true, jetStream: {stream: {{stream}}, durable: ingress} }
            """));

        await js.PublishAsync($"{stream}.in", Encoding.UTF8.GetBytes("""{"n": 1}"""));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(2, harness.Bus.Refused);
        Assert.Equal(EdgeIdsFor("durable", "jetstream", stream, "1"), harness.Bus.Accepted.Single().Id);
        var consumer = await js.GetConsumerAsync(stream, "ingress");
        Assert.True(await Eventually.HoldsAsync(async () => (await js.GetConsumerAsync(stream, "ingress")).Info.NumAckPending == 0));
        Assert.Equal(0UL, consumer.Info.NumPending);
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task A_durable_jetstream_consumer_delivers_what_was_published_while_ingress_was_stopped()
    {
        nats.Require();
        var stream = $"S{Guid.NewGuid():N}";
        await using var client = await ClientAsync();
        var js = new NatsJSContext(client);
        await js.CreateStreamAsync(new StreamConfig(stream, [$"{stream}.>"]));
        var spec = Source(nats.Server.Url, $$"""
            durable: {url: "{URL}", subject: "{{stream}}.in", jsonBody: true, jetStream: {stream: {{stream}}, durable: ingress} }
            """);
        var first = new EdgeHarness();
        using (var kind = await RunAsync(first, spec))
        {
            await js.PublishAsync($"{stream}.in", Encoding.UTF8.GetBytes("""{"n": 1}"""));
            Assert.True(await Eventually.HoldsAsync(() => first.Bus.Accepted.Count == 1));
            await kind.StopAsync(default);
        }

        for (var n = 2; n <= 4; n++)
        {
            await js.PublishAsync($"{stream}.in", Encoding.UTF8.GetBytes($$"""{"n": {{n}}}"""));
        }

        var second = new EdgeHarness();
        using var again = await RunAsync(second, spec);
        // The stopped consumer's last pull request can outlive it on the server (NATS.Net's 30 s expiry): a message that
        // reaches it stays unacknowledged until the consumer's AckWait (30 s) and is then delivered again.
        Assert.True(await Eventually.HoldsAsync(() => second.Bus.Accepted.Count == 3, TimeSpan.FromSeconds(75)));
        Assert.Equal([2, 3, 4], second.Bus.Accepted.Select(e => e.Data!.Value.GetProperty("body").GetProperty("n").GetInt32()).Order());
        await again.StopAsync(default);
    }

    [SkippableFact]
    public async Task Health_is_degraded_naming_the_listener_while_the_server_cannot_be_reached()
    {
        nats.Require();
        var harness = new EdgeHarness();
        using var kind = new NatsSource(harness.Services, harness.Secrets, NullLogger<NatsSource>.Instance);
        await kind.ApplyAsync(Source($"nats://127.0.0.1:{FreePort.Next()}", """
            nowhere: {url: "{URL}", subject: a}
            """), default);

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded && kind.Health().Description!.Contains("broker/nowhere", StringComparison.Ordinal)));
        await kind.StopAsync(default);
    }

    private static string EdgeIdsFor(string eventName, params string[] coordinates) =>
        Microservices.Events.Ingress.Sources.Consumers.EdgeIds.From("broker", eventName, coordinates);
}
