using System.Collections.Concurrent;
using System.Text;
using Microservices.Events.Bench;
using Microservices.Events.Tests.Mirror;

namespace Microservices.Events.Tests.Bench;

/// <summary>The bench's chains of four hops hand every body entered to the last hop's delivery, once each.</summary>
public sealed class ChainHopsTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    [Fact]
    public Task The_in_process_chain_delivers_every_body_once() => DeliversEveryBodyOnceAsync(new ChannelChain());

    [Fact]
    public async Task The_raw_rabbitmq_chain_delivers_every_body_once()
    {
        if (!rabbit.Available())
        {
            return;
        }

        await DeliversEveryBodyOnceAsync(new RabbitChain(rabbit.Node, await rabbit.Node.CreateVirtualHostAsync($"raw-chain-{Guid.NewGuid():N}")));
    }

    [Fact]
    public async Task The_masstransit_chain_delivers_every_body_once_through_its_endpoints()
    {
        if (!rabbit.Available())
        {
            return;
        }

        await DeliversEveryBodyOnceAsync(new MassTransitChain(rabbit.Node, await rabbit.Node.CreateVirtualHostAsync($"mt-chain-{Guid.NewGuid():N}")));
    }

    private static async Task DeliversEveryBodyOnceAsync(IChainHops hops)
    {
        var delivered = new ConcurrentQueue<string>();
        var bodies = Enumerable.Range(0, 200).Select(i => $"{{\"n\":{i}}}").ToList();
        await using (hops)
        {
            await hops.StartAsync(body =>
            {
                delivered.Enqueue(Encoding.UTF8.GetString(body));
                return Task.CompletedTask;
            });
            await Task.WhenAll(bodies.Select(b => hops.EnterAsync(Encoding.UTF8.GetBytes(b))));

            Assert.True(await Eventually.HoldsAsync(() => delivered.Count >= bodies.Count, TimeSpan.FromSeconds(30)), $"{delivered.Count} of {bodies.Count} delivered");
        }

        Assert.Equal(bodies.Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
    }
}
