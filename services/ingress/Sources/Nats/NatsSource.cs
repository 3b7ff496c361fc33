using Microservices.Events.Clients.Nats;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Microservices.Events.Ingress.Sources.Nats;

/// <summary>
/// The <c>nats</c> kind. Core NATS (Argo's source): a subscription to <c>subject</c>, in queue group <c>queue</c> when
/// set; what the server delivered while no subscription was there is gone (core NATS is at-most-once), a message taken
/// is handed on until the bus accepts it. With the <c>jetStream</c> extension: a durable pull consumer on the stream,
/// each message acknowledged after the bus accepted it (or the filter dropped it), negatively acknowledged when the bus
/// refused it so the server delivers it again; the event id comes from the stream and the stream sequence, so a
/// redelivery is published once. While the connection is down <c>/health</c> names the listener.
/// </summary>
public sealed class NatsSource(EdgeServices services, SecretResolver secrets, ILogger<NatsSource> logger)
    : ConsumerSourceKind<NatsEventSource>(services, logger)
{
    public override string Kind => "nats";

    public static void AddServices(IServiceCollection services) => services.TryAddSingleton<SecretResolver>();

    protected override IReadOnlyDictionary<string, NatsEventSource>? EventsOf(EventSourceSpec spec) => spec.Nats;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, NatsEventSource spec, CancellationToken cancellationToken)
    {
        var (options, _) = NatsClientOptions.Build(secrets, spec.Url!, spec.Auth, spec.Tls, $"events-ingress {source.Name}/{listener.EventName}");
        await using var connection = new NatsConnection(options with { MaxReconnectRetry = -1 });
        await connection.ConnectAsync();
        if (spec.JetStream is { } jetStream)
        {
            await ConsumeStreamAsync(connection, listener, spec, jetStream, cancellationToken);
        }
        else
        {
            await ConsumeCoreAsync(connection, listener, spec, cancellationToken);
        }
    }

    private static async Task ConsumeCoreAsync(NatsConnection connection, EdgeListener listener, NatsEventSource spec, CancellationToken cancellationToken)
    {
        await using var subscription = await connection.SubscribeCoreAsync<byte[]>(spec.Subject!, spec.Queue, cancellationToken: cancellationToken);
        await connection.PingAsync(cancellationToken);
        Watch(connection, listener, spec.Url!);
        await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken))
        {
            // No coordinates identify a core NATS message; a publisher's Nats-Msg-Id names it when there is one.
            var id = message.Headers?.TryGetValue("Nats-Msg-Id", out var msgId) == true && msgId.Count > 0
                ? listener.IdFor(message.Subject, msgId.ToString())
                : listener.IdFor(Guid.NewGuid().ToString("N"));
            if (!NatsPayload.TryBuild(message.Subject, Headers(message.Headers), message.Data, spec.JsonBody == true, spec.Metadata, out var data, out var error))
            {
                listener.Malformed($"subject {message.Subject}", error!);
                continue;
            }

            await listener.DeliverUntilAcceptedAsync(data, id, spec.Filter?.Expression, cancellationToken);
        }
    }

    private static async Task ConsumeStreamAsync(NatsConnection connection, EdgeListener listener, NatsEventSource spec, NatsJetStream jetStream, CancellationToken cancellationToken)
    {
        var context = new NatsJSContext(connection);
        var consumer = await DurableConsumerAsync(context, spec, jetStream, cancellationToken);
        Watch(connection, listener, spec.Url!);
        var refusals = 0;
        // A small batch: messages wait in the client for their turn, and one not acknowledged within the consumer's
        // ack wait (30 s by default) is delivered again.
        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 64 }, cancellationToken: cancellationToken))
        {
            var sequence = message.Metadata?.Sequence.Stream.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var coordinates = $"stream {jetStream.Stream} sequence {sequence}";
            if (!NatsPayload.TryBuild(message.Subject, Headers(message.Headers), message.Data, spec.JsonBody == true, spec.Metadata, out var data, out var error))
            {
                listener.Malformed(coordinates, error!);
                await message.AckAsync(cancellationToken: cancellationToken);
                continue;
            }

            var outcome = await listener.DeliverAsync(data, listener.IdFor("jetstream", jetStream.Stream!, sequence), spec.Filter?.Expression, cancellationToken);
            if (outcome == EdgeOutcome.Refused)
            {
                // The server delivers it again; wait first so a bus that is down is not asked in a tight loop.
                await Task.Delay(EdgeBackoff.Delay(refusals++), cancellationToken);
                await message.NakAsync(cancellationToken: cancellationToken);
                continue;
            }

            refusals = 0;
            await message.AckAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>The durable consumer, created on the stream when missing (filtered on the subject, explicit acks).</summary>
    private static async Task<INatsJSConsumer> DurableConsumerAsync(NatsJSContext context, NatsEventSource spec, NatsJetStream jetStream, CancellationToken cancellationToken)
    {
        try
        {
            return await context.GetConsumerAsync(jetStream.Stream!, jetStream.Durable!, cancellationToken);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404 && ex.Error.ErrCode != 10059)
        {
            // 10059: the stream itself is missing; it is not created here.
        }

        return await context.CreateConsumerAsync(jetStream.Stream!, new ConsumerConfig(jetStream.Durable!)
        {
            FilterSubject = spec.Subject,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = jetStream.DeliverPolicy == "all" ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.New,
        }, cancellationToken);
    }

    /// <summary>Subscribed: the listener is consuming, and follows the connection's losses and reconnects from now on.</summary>
    private static void Watch(NatsConnection connection, EdgeListener listener, string url)
    {
        listener.MarkConnected();
        connection.ConnectionDisconnected += (_, args) =>
        {
            listener.MarkDisconnected($"disconnected from {url}: {args.Message}");
            return ValueTask.CompletedTask;
        };
        connection.ConnectionOpened += (_, _) =>
        {
            listener.MarkConnected();
            return ValueTask.CompletedTask;
        };
    }

    private static IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? Headers(NatsHeaders? headers) =>
        headers?.Select(h => KeyValuePair.Create(h.Key, (IReadOnlyList<string>)h.Value.Select(v => v ?? "").ToList()));
}
