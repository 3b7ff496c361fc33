using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Protocol = Microservices.Events.Ingress.Sources.Generic.Protocol;

namespace Microservices.Events.Ingress.Sources.Generic;

/// <summary>
/// The <c>generic</c> kind: per event, one <c>StartEventSource</c> stream of Argo's generic event-source gRPC protocol
/// (Grpc.Net.Client) to <c>url</c> with the event name and <c>config</c>, plain HTTP/2 when <c>insecure</c> and TLS
/// (the system's trust) otherwise, <c>authSecret</c> as a bearer token. Each event streamed back is handed to the bus
/// before the next is read (an event the bus refuses is sent again until it is accepted); a payload that is not JSON
/// with <c>jsonBody</c> is logged, counted and skipped. A stream that fails or ends is opened again with the reconnect
/// backoff. The protocol has no acknowledgement, so the edge guarantee is bounded by the server: what it streamed and
/// ingress had not yet handed to the bus when ingress died (at most the event being sent plus what HTTP/2 buffered) is
/// lost unless the server sends it again on the next stream. Ids are random, as in Argo: a resent event is a new event.
/// </summary>
public sealed class GenericSource(EdgeServices services, SecretResolver secrets, ILogger<GenericSource> logger)
    : ConsumerSourceKind<GenericEventSource>(services, logger)
{
    public const string Name = "generic";

    public override string Kind => Name;

    public static void AddServices(IServiceCollection services) => services.TryAddSingleton<SecretResolver>();

    protected override IReadOnlyDictionary<string, GenericEventSource>? EventsOf(EventSourceSpec spec) => spec.Generic;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, GenericEventSource spec, CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (spec.AuthSecret is not null)
        {
            var token = secrets.Resolve(spec.AuthSecret)
                        ?? throw new InvalidOperationException($"authSecret {spec.AuthSecret.Name}/{spec.AuthSecret.Key} is not available");
            headers.Add("authorization", $"Bearer {token}");
        }

        using var channel = GrpcChannel.ForAddress(spec.ServerAddress(), new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        });
        await channel.ConnectAsync(cancellationToken);
        var client = new Protocol.Eventing.EventingClient(channel);
        using var call = client.StartEventSource(
            new Protocol.EventSource { Name = listener.EventName, Config = ByteString.CopyFromUtf8(spec.Config ?? "") },
            headers, cancellationToken: cancellationToken);
        listener.MarkConnected();
        var stream = Guid.NewGuid().ToString("N")[..8];
        var received = 0L;
        await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            received++;
            if (!GenericEvents.TryData(spec, e.Payload.Memory, out var data, out var problem))
            {
                listener.Malformed($"{spec.Url} stream {stream} event {received}", problem!);
                continue;
            }

            await listener.DeliverUntilAcceptedAsync(data, Guid.NewGuid().ToString("N"), spec.Filter?.Expression, cancellationToken);
        }
    }
}
