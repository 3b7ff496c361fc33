using MassTransit;
using Microservices.Events.Contracts;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>
/// Sends <see cref="EventIngested"/> to the bus-gateway queue; the send completes when the transport accepted it
/// (publisher confirm on RabbitMQ). Sends run concurrently, at most <see cref="IngressOptions.MaxSendsInFlight"/>
/// at once; the rest wait their turn within the caller's deadline.
/// </summary>
public sealed class BusEventIngestor : IEventIngestor, IDisposable
{
    private static readonly Uri GatewayQueue = new($"queue:{EndpointNames.BusGateway}");
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(100);
    private readonly IBus _bus;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _inFlight;

    public BusEventIngestor(IBus bus, TimeProvider time, IOptions<IngressOptions> options)
    {
        _bus = bus;
        _time = time;
        _inFlight = new SemaphoreSlim(options.Value.MaxSendsInFlight);
    }

    public async Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken);
        try
        {
            var endpoint = await _bus.GetSendEndpoint(GatewayQueue);
            await endpoint.Send(new EventIngested { Event = @event, ReceivedAt = _time.GetUtcNow() }, cancellationToken);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>
    /// Polls the bus's health: on one process with the other services (<c>events run</c>) an event sent before their
    /// endpoints consume would be published to no subscriber yet and lost.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        if (_bus is not IBusControl control)
        {
            return;
        }

        while (control.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            await Task.Delay(ReadyPoll, _time, cancellationToken);
        }
    }

    public void Dispose() => _inFlight.Dispose();
}
