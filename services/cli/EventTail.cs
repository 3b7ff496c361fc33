using System.Net.Mime;
using System.Text;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microservices.Events.BusGateway.Mirror;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.Cli;

/// <summary>
/// <c>events tail</c>: a consumer of the mirror. Prints each CloudEvent from the RabbitMQ exchange (a queue of its own,
/// exclusive, bound with <c>--binding</c>) or the Kafka topic (every partition, from now or from the start) as one line
/// of structured JSON, the input <c>events simulate</c> and <c>events replay --from file</c> read. Stops after
/// <c>--count</c> events or when cancelled. Exit codes: 0 done, 1 unusable arguments, 2 the broker cannot be reached or refuses.
/// </summary>
public static class EventTail
{
    private static readonly JsonEventFormatter Formatter = new();

    public sealed record Request(string From, Uri AmqpUrl, string Exchange, string Binding, string BootstrapServers, string Topic, bool FromBeginning, int? Count);

    public static async Task<int> RunAsync(Request request, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var printed = 0;
        async Task PrintAsync(CloudEvent cloudEvent)
        {
            await output.WriteLineAsync(Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span));
            await output.FlushAsync(CancellationToken.None);
            if (++printed == request.Count)
            {
                await stop.CancelAsync();
            }
        }

        try
        {
            return request.From switch
            {
                "rabbitmq" => await FromRabbitMqAsync(request, PrintAsync, errors, stop.Token),
                "kafka" => await Task.Run(() => FromKafkaAsync(request, PrintAsync, errors, stop.Token), CancellationToken.None),
                _ => await Refuse(errors, $"--from: \"{request.From}\" is not rabbitmq or kafka"),
            };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or KafkaException)
        {
            await errors.WriteLineAsync($"error: {request.From}: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> Refuse(TextWriter errors, string message)
    {
        await errors.WriteLineAsync($"error: {message}");
        return 1;
    }

    private static async Task<int> FromRabbitMqAsync(Request request, Func<CloudEvent, Task> print, TextWriter errors, CancellationToken cancellationToken)
    {
        ConnectionFactory factory;
        try
        {
            factory = new ConnectionFactory { Uri = request.AmqpUrl, ClientProvidedName = "events tail" };
        }
        catch (ArgumentException ex)
        {
            await errors.WriteLineAsync($"error: --url: {ex.Message}");
            return 1;
        }

        IConnection connection;
        try
        {
            connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AuthenticationFailureException)
        {
            await errors.WriteLineAsync($"error: RabbitMQ at {request.AmqpUrl.Host}:{request.AmqpUrl.Port} is not reachable: {ex.Message}");
            return 2;
        }

        await using (connection)
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.ExchangeDeclareAsync(request.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken)).QueueName;
            await channel.QueueBindAsync(queue, request.Exchange, request.Binding, cancellationToken: cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                try
                {
                    var contentType = delivery.BasicProperties.ContentType is { Length: > 0 } type ? new ContentType(type) : null;
                    await print(Formatter.DecodeStructuredModeMessage(delivery.Body, contentType, CloudEventConversion.Extensions));
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException)
                {
                    await errors.WriteLineAsync($"{delivery.RoutingKey}: skipped, not a CloudEvent: {ex.Message}");
                }
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellationToken);
            await errors.WriteLineAsync($"listening on exchange {request.Exchange} with binding {request.Binding}");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return 0;
    }

    private static async Task<int> FromKafkaAsync(Request request, Func<CloudEvent, Task> print, TextWriter errors, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = request.BootstrapServers,
            GroupId = $"events-tail-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var metadata = admin.GetMetadata(request.Topic, TimeSpan.FromSeconds(15)).Topics.Single(t => t.Topic == request.Topic);
            if (metadata.Error.IsError)
            {
                throw new KafkaException(metadata.Error);
            }

            var start = request.FromBeginning ? Offset.Beginning : Offset.End;
            consumer.Assign(metadata.Partitions.Select(p => new TopicPartitionOffset(request.Topic, p.PartitionId, start)));
        }
        catch (KafkaException ex)
        {
            await errors.WriteLineAsync($"error: cannot read Kafka topic {request.Topic} at {request.BootstrapServers}: {ex.Error.Reason}");
            return 2;
        }

        await errors.WriteLineAsync($"listening on topic {request.Topic}{(request.FromBeginning ? " from the beginning" : "")}");
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = consumer.Consume(cancellationToken);
            if (result?.Message is null)
            {
                continue;
            }

            try
            {
                var message = new Message<string?, byte[]?> { Key = result.Message.Key, Value = result.Message.Value, Headers = result.Message.Headers };
                await print(KafkaCloudEventBinding.ToCloudEvent(message, Formatter, CloudEventConversion.Extensions));
            }
            catch (FormatException ex)
            {
                await errors.WriteLineAsync($"{request.Topic}[{result.Partition.Value}]@{result.Offset.Value}: skipped: {ex.Message}");
            }
        }

        return 0;
    }
}
