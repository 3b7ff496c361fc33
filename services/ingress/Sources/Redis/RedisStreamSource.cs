using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Microservices.Events.Ingress.Sources.Redis;

/// <summary>
/// The <c>redisStream</c> kind: reads <c>streams</c> through the consumer group <c>consumerGroup</c>, created on each
/// stream when missing at its last entry (<c>$</c>, as Argo; the stream is created empty if it does not exist yet).
/// Each entry is acknowledged (XACK) only after the bus accepted it or the filter dropped it. On start the consumer
/// first claims entries other consumers of the group left pending for <see cref="StaleAfter"/> (XAUTOCLAIM; again every
/// <see cref="ClaimEvery"/>), then reads its own pending entries (those read before a crash, never acknowledged), then
/// new ones. The event id comes from the stream and the entry id, so an entry delivered again is published once.
/// </summary>
public sealed class RedisStreamSource(EdgeServices services, SecretResolver secrets, ILogger<RedisStreamSource> logger)
    : ConsumerSourceKind<RedisStreamEventSource>(services, logger)
{
    public const string DefaultGroup = "argo-events-cg";
    public const int DefaultCount = 10;
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClaimEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time = services.Time;

    public override string Kind => "redisStream";

    /// <summary>This replica's consumer name in the group: the host's name, the same after a restart in place.</summary>
    public static string ConsumerName => Environment.MachineName;

    public static void AddServices(IServiceCollection services) => services.TryAddSingleton<SecretResolver>();

    protected override IReadOnlyDictionary<string, RedisStreamEventSource>? EventsOf(EventSourceSpec spec) => spec.RedisStream;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, RedisStreamEventSource spec, CancellationToken cancellationToken)
    {
        var options = RedisClientOptions.Build(secrets, spec.HostAddress!, spec.Db, spec.Username, spec.Password, spec.Tls, $"events-ingress-{source.Name}-{listener.EventName}");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var db = connection.GetDatabase(spec.Db ?? 0);
        var group = string.IsNullOrEmpty(spec.ConsumerGroup) ? DefaultGroup : spec.ConsumerGroup;
        var count = spec.MaxMsgCountPerRead is > 0 ? spec.MaxMsgCountPerRead.Value : DefaultCount;
        foreach (var stream in spec.Streams!)
        {
            await CreateGroupAsync(db, stream, group);
        }

        RedisClientOptions.Watch(connection, listener, spec.HostAddress!);
        listener.MarkConnected();

        // Each stream's read position: "0-0" and on while this consumer's pending entries are read, then new entries.
        var positions = spec.Streams!.ToDictionary(s => s, _ => (RedisValue)"0-0");
        var nextClaim = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_time.GetUtcNow() >= nextClaim)
            {
                foreach (var stream in spec.Streams!)
                {
                    await ClaimStaleAsync(db, stream, group, count, listener, spec, cancellationToken);
                }

                nextClaim = _time.GetUtcNow() + ClaimEvery;
            }

            var read = await db.StreamReadGroupAsync(
                positions.Select(p => new StreamPosition(p.Key, p.Value)).ToArray(), group, ConsumerName, count);
            var entries = 0;
            foreach (var stream in spec.Streams!)
            {
                var result = read.FirstOrDefault(r => r.Key == stream);
                var pending = positions[stream] != StreamPosition.NewMessages;
                if (pending && (result.Entries is null || result.Entries.Length == 0))
                {
                    positions[stream] = StreamPosition.NewMessages;
                    continue;
                }

                foreach (var entry in result.Entries ?? [])
                {
                    await HandleAsync(db, stream, group, entry, listener, spec, cancellationToken);
                    if (pending)
                    {
                        positions[stream] = entry.Id;
                    }

                    entries++;
                }
            }

            if (entries == 0)
            {
                await Task.Delay(IdlePoll, _time, cancellationToken);
            }
        }
    }

    /// <summary>XGROUP CREATE stream group $ MKSTREAM; a group that exists already is kept as it is.</summary>
    private static async Task CreateGroupAsync(IDatabase db, string stream, string group)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Takes over and handles the entries other consumers of the group have left pending longer than <see cref="StaleAfter"/>.</summary>
    private async Task ClaimStaleAsync(IDatabase db, string stream, string group, int count, EdgeListener listener, RedisStreamEventSource spec, CancellationToken cancellationToken)
    {
        RedisValue cursor = "0-0";
        do
        {
            var claimed = await db.StreamAutoClaimAsync(stream, group, ConsumerName, (long)StaleAfter.TotalMilliseconds, cursor, count);
            foreach (var entry in claimed.ClaimedEntries ?? [])
            {
                logger.LogInformation("redisStream {EventSource}/{EventName}: entry {Id} of stream {Stream} was left pending by another consumer; handling it", listener.EventSourceName, listener.EventName, entry.Id, stream);
                await HandleAsync(db, stream, group, entry, listener, spec, cancellationToken);
            }

            cursor = claimed.NextStartId;
        }
        while (cursor != "0-0" && !cursor.IsNullOrEmpty && !cancellationToken.IsCancellationRequested);
    }

    /// <summary>Hands the entry on until the bus accepts it (or the filter drops it), then acknowledges it.</summary>
    private static async Task HandleAsync(IDatabase db, string stream, string group, StreamEntry entry, EdgeListener listener, RedisStreamEventSource spec, CancellationToken cancellationToken)
    {
        var id = entry.Id.ToString();
        if (entry.IsNull || entry.Values is null)
        {
            // A pending entry deleted from the stream since it was read: nothing to hand on.
            listener.Malformed($"stream {stream} entry {id}", "the entry was deleted from the stream");
        }
        else
        {
            var values = entry.Values.Select(v => KeyValuePair.Create(v.Name.ToString(), v.Value.ToString()));
            var data = RedisPayload.Entry(stream, id, values, spec.Metadata);
            await listener.DeliverUntilAcceptedAsync(data, listener.IdFor(stream, id), spec.Filter?.Expression, cancellationToken);
        }

        await db.StreamAcknowledgeAsync(stream, group, entry.Id);
    }
}
