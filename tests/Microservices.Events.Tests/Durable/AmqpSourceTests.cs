using System.Text;
using System.Text.Json;
using Microservices.Events.Ingress.Sources.Amqp;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Ingress.Consumers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Microservices.Events.Tests.Durable;

/// <summary>The amqp kind in-process against the real RabbitMQ node, each test in a virtual host of its own.</summary>
[Collection(DurableCollection.Name)]
public sealed class AmqpSourceTests(DurableInfrastructure infrastructure)
{
    private const string Queue = "ingress-orders";

    private async Task<(string Url, string VirtualHost)> VirtualHostAsync()
    {
        var vhost = await infrastructure.CreateVirtualHostAsync($"amqp-source-{Guid.NewGuid():N}");
        return ($"amqp://guest:guest@127.0.0.1:{infrastructure.RabbitPort}/{Uri.EscapeDataString(vhost)}", vhost);
    }

    private static SpecSnapshot Orders(string url) => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: shop}
        spec:
          amqp:
            orders:
              url: {{url}}
              jsonBody: true
              exchangeName: orders
              exchangeType: topic
              routingKey: "order.#"
              queueDeclare: {name: {{Queue}}, durable: true, exclusive: false}
              metadata: {team: checkout}
        """);

    private static async Task PublishAsync(string url, params (string Body, string? MessageId)[] messages)
    {
        var factory = new ConnectionFactory { Uri = new Uri(url) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var (body, messageId) in messages)
        {
            var properties = new BasicProperties { MessageId = messageId, ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
            await channel.BasicPublishAsync("orders", "order.created", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
        }
    }

    private static async Task<AmqpSource> StartAsync(EdgeHarness harness, SpecSnapshot snapshot)
    {
        var kind = new AmqpSource(harness.Services, harness.Secrets, NullLogger<AmqpSource>.Instance);
        await kind.ApplyAsync(snapshot, default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(20)), kind.Health().Description);
        return kind;
    }

    private async Task<bool> QueueIsEmptyAsync(string vhost) =>
        await Eventually.HoldsAsync(async () => (await infrastructure.ListQueuesAsync(vhost)).Any(q => q.Name == Queue && q.Ready == 0 && q.Unacknowledged == 0), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Messages_routed_to_the_queue_become_events_and_leave_the_queue_acknowledged()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var (url, vhost) = await VirtualHostAsync();
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Orders(url));

        await PublishAsync(url, ("""{"n": 1}""", "order-1"), ("""{"n": 2}""", null));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2));
        var first = harness.Bus.Accepted.First();
        Assert.Equal(("shop", "amqp", "orders"), (first.Source, first.Type, first.Subject));
        Assert.Equal(Microservices.Events.Ingress.Sources.Consumers.EdgeIds.From("shop", "orders", "message-id", "order-1"), first.Id);
        var data = first.Data!.Value;
        Assert.Equal(1, data.GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal(("orders", "order.created", "order-1", 2, "checkout"), (data.GetProperty("exchange").GetString(), data.GetProperty("routingKey").GetString(),
            data.GetProperty("messageId").GetString(), data.GetProperty("deliveryMode").GetInt32(), data.GetProperty("metadata").GetProperty("team").GetString()));
        Assert.True(await QueueIsEmptyAsync(vhost));
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_rejected_and_the_messages_after_it_still_arrive()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var (url, vhost) = await VirtualHostAsync();
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Orders(url));

        await PublishAsync(url, ("{\"n\": ", "broken"), ("""{"n": 2}""", "fine"));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1));
        Assert.Equal(2, harness.Data.Single().GetProperty("body").GetProperty("n").GetInt32());
        Assert.True(await QueueIsEmptyAsync(vhost));
        Assert.Equal(HealthStatus.Healthy, kind.Health().Status);
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task An_event_the_bus_refuses_is_requeued_and_arrives_again_with_the_same_id()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var (url, vhost) = await VirtualHostAsync();
        var harness = new EdgeHarness(refuse: 2);
        using var kind = await StartAsync(harness, Orders(url));

        await PublishAsync(url, ("""{"n": 7}""", null));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(3, harness.Bus.Offered.Count);
        Assert.Single(harness.Bus.Offered.Distinct());
        Assert.True(await QueueIsEmptyAsync(vhost));
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task When_the_broker_drops_the_connection_health_is_degraded_until_it_reconnects_and_nothing_is_lost()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var (url, vhost) = await VirtualHostAsync();
        var harness = new EdgeHarness();
        using var kind = await StartAsync(harness, Orders(url));

        await infrastructure.RabbitCtlAsync("close_all_connections", "--vhost", vhost, "test: connection dropped");
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded, TimeSpan.FromSeconds(10)));
        Assert.Contains("shop/orders", kind.Health().Description);
        await PublishAsync(url, Enumerable.Range(0, 20).Select(i => ($$"""{"n": {{i}}}""", (string?)null)).ToArray());

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(20)), kind.Health().Description);
        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 20, TimeSpan.FromSeconds(20)), $"{harness.Bus.Accepted.Count} of 20");
        Assert.Equal(Enumerable.Range(0, 20), harness.Data.Select(d => d.GetProperty("body").GetProperty("n").GetInt32()).Order());
        Assert.True(await QueueIsEmptyAsync(vhost));
        await kind.StopAsync(default);
    }
}
