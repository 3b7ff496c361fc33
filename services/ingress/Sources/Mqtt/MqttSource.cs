using System.Text.Json;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using MQTTnet;
using MQTTnet.Protocol;

namespace Microservices.Events.Ingress.Sources.Mqtt;

/// <summary>
/// The <c>mqtt</c> kind: per event, a client with a persistent session (clean session off, the spec's fixed client id)
/// subscribed to the topic at QoS 1. Messages are handled one at a time in the order they came; the PUBACK of a
/// message is sent only after the bus accepted its event (or the filter dropped it), trying the bus again 1 s, 2 s, …
/// 30 s apart while it refuses. A body that is not JSON although <c>jsonBody</c> is set is logged, counted and
/// acknowledged. The broker keeps the session's subscription and queues QoS 1 messages while ingress is away, and sends
/// again, with the same packet identifier (so the same event id), those that were not acknowledged.
/// </summary>
public sealed class MqttSource : ConsumerSourceKind<MqttEventSource>
{
    public const string Name = "mqtt";

    private readonly EdgeServices _services;
    private readonly SecretResolver _secrets;
    private readonly ILogger<MqttSource> _logger;

    public MqttSource(EdgeServices services, SecretResolver secrets, ILogger<MqttSource> logger)
        : base(services, logger)
    {
        _services = services;
        _secrets = secrets;
        _logger = logger;
    }

    public override string Kind => Name;

    protected override IReadOnlyDictionary<string, MqttEventSource>? EventsOf(EventSourceSpec spec) => spec.Mqtt;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, MqttEventSource spec, CancellationToken cancellationToken)
    {
        await _services.Ingestor.WaitUntilReadyAsync(cancellationToken);
        var path = $"spec.mqtt.{listener.EventName}";
        var options = MqttConnection.Options(spec.Url!, spec.ClientId!,
            spec.Auth is { } auth ? _secrets.Require($"{path}.auth.username", auth.Username) : null,
            spec.Auth is { } withPassword ? _secrets.Require($"{path}.auth.password", withPassword.Password) : null,
            spec.Tls is { } tls ? _secrets.Tls($"{path}.tls", tls) : null);
        using var client = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult($"disconnected: {e.Reason} {e.ReasonString ?? e.Exception?.Message}".TrimEnd());
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += async e =>
        {
            e.AutoAcknowledge = false;
            try
            {
                await HandleAsync(listener, spec, e, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the broker sends the message again when the session resumes.
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "mqtt {EventSource}/{EventName}: message {PacketId} on {Topic} was not acknowledged", listener.EventSourceName, listener.EventName, e.PacketIdentifier, e.ApplicationMessage.Topic);
            }
        };

        var connected = await client.ConnectAsync(options, cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new IOException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}");
        }

        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(spec.Topic!, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);
        if (subscribed.Items.FirstOrDefault() is { } item && item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
        {
            throw new IOException($"the broker refused the subscription to \"{spec.Topic}\": {item.ResultCode}");
        }

        listener.MarkConnected();
        _logger.LogInformation("mqtt {EventSource}/{EventName} subscribed to {Topic} as {ClientId} (session {Session})", listener.EventSourceName, listener.EventName, spec.Topic, spec.ClientId, connected.IsSessionPresent ? "resumed" : "new");
        try
        {
            throw new IOException(await disconnected.Task.WaitAsync(cancellationToken));
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested && client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
                }
                catch (Exception)
                {
                    // Already gone.
                }
            }
        }
    }

    private async Task HandleAsync(EdgeListener listener, MqttEventSource spec, MqttApplicationMessageReceivedEventArgs e, CancellationToken cancellationToken)
    {
        var message = e.ApplicationMessage;
        if (!MqttPayload.TryCreate(message.Topic, e.PacketIdentifier, message.Payload, spec.JsonBody == true, spec.Metadata, out var data, out var error))
        {
            listener.Malformed($"topic \"{message.Topic}\", packet {e.PacketIdentifier}", error!);
        }
        else
        {
            var coordinates = MqttPayload.IdCoordinates(message.Topic, e.PacketIdentifier, message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce, message.Retain, message.Payload);
            var id = coordinates is null ? Guid.NewGuid().ToString("N") : listener.IdFor(coordinates);
            await listener.DeliverUntilAcceptedAsync(JsonSerializer.SerializeToElement(data), id, spec.Filter?.Expression, cancellationToken);
        }

        await e.AcknowledgeAsync(cancellationToken);
    }
}
