using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microservices.Events.Ingress.Sources.Redis;

/// <summary>
/// The <c>redis</c> kind: a pub/sub subscription to each of <c>channels</c> (by name, or as a pattern when the name has
/// a glob character <c>*</c>, <c>?</c> or <c>[</c>). Pub/sub is at-most-once: Redis keeps nothing for a subscriber that
/// is not connected, so a message published while ingress is down or reconnecting is gone; a message received is handed
/// on until the bus accepts it. Messages carry no coordinates, so each event gets a new id.
/// </summary>
public sealed class RedisSource(EdgeServices services, SecretResolver secrets, ILogger<RedisSource> logger)
    : ConsumerSourceKind<RedisEventSource>(services, logger)
{
    public override string Kind => "redis";

    public static void AddServices(IServiceCollection services) => services.TryAddSingleton<SecretResolver>();

    /// <summary>How a channel of <c>channels</c> is subscribed: as a pattern when it has a glob character (pure).</summary>
    public static RedisChannel Channel(string name) =>
        name.IndexOfAny(['*', '?', '[']) >= 0 ? RedisChannel.Pattern(name) : RedisChannel.Literal(name);

    protected override IReadOnlyDictionary<string, RedisEventSource>? EventsOf(EventSourceSpec spec) => spec.Redis;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, RedisEventSource spec, CancellationToken cancellationToken)
    {
        var options = RedisClientOptions.Build(secrets, spec.HostAddress!, spec.Db, spec.Username, spec.Password, spec.Tls, $"events-ingress-{source.Name}-{listener.EventName}");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var subscriber = connection.GetSubscriber();
        var queues = new List<ChannelMessageQueue>();
        foreach (var name in spec.Channels!)
        {
            queues.Add(await subscriber.SubscribeAsync(Channel(name)));
        }

        RedisClientOptions.Watch(connection, listener, spec.HostAddress!);
        listener.MarkConnected();
        try
        {
            await Task.WhenAll(queues.Select(q => ReadAsync(q, listener, spec, cancellationToken)));
        }
        finally
        {
            foreach (var queue in queues)
            {
                await queue.UnsubscribeAsync();
            }
        }
    }

    private static async Task ReadAsync(ChannelMessageQueue queue, EdgeListener listener, RedisEventSource spec, CancellationToken cancellationToken)
    {
        var pattern = queue.Channel.IsPattern ? queue.Channel.ToString() : "";
        while (!cancellationToken.IsCancellationRequested)
        {
            var message = await queue.ReadAsync(cancellationToken);
            var channel = message.Channel.ToString();
            if (!RedisPayload.TryMessage(channel, pattern, ((byte[]?)message.Message) ?? [], spec.JsonBody == true, spec.Metadata, out var data, out var error))
            {
                listener.Malformed($"channel {channel}", error!);
                continue;
            }

            await listener.DeliverUntilAcceptedAsync(data, listener.IdFor(Guid.NewGuid().ToString("N")), spec.Filter?.Expression, cancellationToken);
        }
    }
}
