using MassTransit;
using Microservices.Events.ServiceDefaults.Serialization;

namespace Microservices.Events.Bench;

/// <summary>
/// The raw chain's four hops on RabbitMQ through MassTransit, with nothing of the pipeline's own: each hop is a receive
/// endpoint whose handler publishes the body as the next hop's message type (published, as the services publish, so
/// through the message type's exchange to the endpoint's), and the last one POSTs it to the sink. The services'
/// transport settings: publisher confirms, their prefetch and concurrency, compact JSON in MassTransit's envelope and
/// the one-pass envelope reader; no retries, outbox, state or telemetry. What MassTransit itself takes on this topology.
/// </summary>
public sealed class MassTransitChain(RabbitMqTestNode rabbit, string vhost) : IChainHops
{
    private IBusControl? _bus;

    public async Task StartAsync(Func<byte[], Task> deliver)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)rabbit.Port, vhost, h => h.PublisherConfirmation = true);
            cfg.PrefetchCount = IChainHops.Prefetch;
            cfg.ConfigureJsonSerializerOptions(options =>
            {
                options.WriteIndented = false;
                return options;
            });
            cfg.AddDeserializer(new SinglePassEnvelopeDeserializer.Factory(), isDefault: true);
            Hop<MassTransitChainHop1>(cfg, 1, c => c.Publish(new MassTransitChainHop2(c.Message.Body)));
            Hop<MassTransitChainHop2>(cfg, 2, c => c.Publish(new MassTransitChainHop3(c.Message.Body)));
            Hop<MassTransitChainHop3>(cfg, 3, c => c.Publish(new MassTransitChainHop4(c.Message.Body)));
            Hop<MassTransitChainHop4>(cfg, 4, c => deliver(c.Message.Body));
        });
        await _bus.StartAsync();
    }

    public Task EnterAsync(byte[] body) =>
        (_bus ?? throw new InvalidOperationException("the chain is not started")).Publish(new MassTransitChainHop1(body));

    private static void Hop<T>(IRabbitMqBusFactoryConfigurator cfg, int hop, Func<ConsumeContext<T>, Task> handle) where T : class =>
        cfg.ReceiveEndpoint($"masstransit-chain-{hop}", e =>
        {
            e.ConcurrentMessageLimit = IChainHops.Concurrency;
            e.Handler(new MessageHandler<T>(handle));
        });

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
    }
}

/// <summary>The body on its way to the first hop of <see cref="MassTransitChain"/>.</summary>
public sealed record MassTransitChainHop1(byte[] Body);

/// <summary>The body on its way to the second hop.</summary>
public sealed record MassTransitChainHop2(byte[] Body);

/// <summary>The body on its way to the third hop.</summary>
public sealed record MassTransitChainHop3(byte[] Body);

/// <summary>The body on its way to the fourth hop, which POSTs it to the sink.</summary>
public sealed record MassTransitChainHop4(byte[] Body);
