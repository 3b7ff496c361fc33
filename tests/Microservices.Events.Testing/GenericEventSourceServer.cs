using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Microservices.Events.Ingress.Sources.Generic.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// A server of Argo's generic event-source protocol on a free loopback port (plain HTTP/2): each StartEventSource call
/// is recorded (event name, config, authorization header) and streams the payloads given to <see cref="SendAsync"/>, in
/// order, to whichever stream is open; <see cref="DropStreams"/> ends the open streams with an error, as a restarting
/// server would.
/// </summary>
public sealed class GenericEventSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<byte[]> _payloads = Channel.CreateUnbounded<byte[]>();
    private CancellationTokenSource _streams = new();

    private GenericEventSourceServer(WebApplication app, int port)
    {
        _app = app;
        Url = $"127.0.0.1:{port}";
    }

    /// <summary>The <c>url</c> to configure: <c>127.0.0.1:port</c>.</summary>
    public string Url { get; }

    /// <summary>Every StartEventSource call: the event name, the config and the authorization header (if any).</summary>
    public ConcurrentQueue<(string Name, string Config, string? Authorization)> Starts { get; } = new();

    /// <summary>Payloads written to a stream so far.</summary>
    public int Streamed => _streamed;

    private int _streamed;

    public static async Task<GenericEventSourceServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        GenericEventSourceServer? server = null;
        builder.Services.AddSingleton(_ => new EventingService(server!));
        var app = builder.Build();
        server = new GenericEventSourceServer(app, port);
        app.MapGrpcService<EventingService>();
        await app.StartAsync();
        return server;
    }

    /// <summary>Queues one payload for the open stream (or the next one).</summary>
    public ValueTask SendAsync(byte[] payload) => _payloads.Writer.WriteAsync(payload);

    /// <summary>Ends every open stream with an error (UNAVAILABLE on the client).</summary>
    public void DropStreams()
    {
        var old = Interlocked.Exchange(ref _streams, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _payloads.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _streams.Dispose();
    }

    private sealed class EventingService(GenericEventSourceServer server) : Eventing.EventingBase
    {
        public override async Task StartEventSource(EventSource request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
        {
            server.Starts.Enqueue((request.Name, request.Config.ToStringUtf8(), context.RequestHeaders.GetValue("authorization")));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, server._streams.Token);
            try
            {
                await foreach (var payload in server._payloads.Reader.ReadAllAsync(stop.Token))
                {
                    await responseStream.WriteAsync(new Event { Name = request.Name, Payload = ByteString.CopyFrom(payload) }, CancellationToken.None);
                    Interlocked.Increment(ref server._streamed);
                }
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "the server dropped the stream"));
            }
        }
    }
}
