using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.Bench;

/// <summary>
/// Raw RabbitMQ.Client: persistent messages of the webhook body's size published to a durable queue with publisher
/// confirms, at most <c>concurrency</c> unconfirmed at once, consumed with manual acks; latency publish -> consume.
/// </summary>
public static class RabbitBaseline
{
    public static async Task<BenchResult> RunAsync(BenchOptions options, RabbitMqTestNode rabbit, string vhost)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = rabbit.Port, VirtualHost = vhost };
        await using var publishConnection = await factory.CreateConnectionAsync("bench-publish");
        await using var consumeConnection = await factory.CreateConnectionAsync("bench-consume");
        await using var publisher = await publishConnection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumer = await consumeConnection.CreateChannelAsync();
        const string queue = "bench-raw";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await consumer.BasicQosAsync(0, 64, false);

        if (options.Warmup > 0)
        {
            await RoundAsync(options.Warmup, options.Concurrency, publisher, consumer, queue, new Progress("rabbitmq warm-up"));
        }

        var (confirmed, received, latencies, started) = await RoundAsync(options.Events, options.Concurrency, publisher, consumer, queue, new Progress("rabbitmq"));
        var seconds = Stats.Millis(started, Stopwatch.GetTimestamp()) / 1000;
        var sorted = latencies.Order().ToList();
        await publisher.QueueDeleteAsync(queue);
        return new BenchResult("rabbitmq baseline", options.Events, confirmed, options.Events - confirmed, seconds, received / seconds,
            Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 95), Stats.Percentile(sorted, 99), options.Events, options.Events - received, 0,
            "publish+confirm+consume+ack, latency publish -> consume");
    }

    /// <summary>Publishes <paramref name="events"/> messages and waits until all were consumed.</summary>
    private static async Task<(int Confirmed, int Received, double[] Latencies, long Started)> RoundAsync(
        int events, int concurrency, IChannel publisher, IChannel consumer, string queue, Progress progress)
    {
        var sentAt = new long[events];
        var latencies = new double[events];
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncEventingBasicConsumer(consumer);
        handler.ReceivedAsync += async (_, delivery) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(delivery.Body);
            var n = json.RootElement.GetProperty("n").GetInt32();
            latencies[n] = Stats.Millis(sentAt[n], at);
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref received) == events)
            {
                done.TrySetResult();
            }
        };
        var tag = await consumer.BasicConsumeAsync(queue, autoAck: false, handler);

        var next = -1;
        var confirmed = 0;
        var started = Stopwatch.GetTimestamp();
        using (progress.Start(() => $"confirmed {Volatile.Read(ref confirmed)}/{events}, consumed {Volatile.Read(ref received)}"))
        {
            var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < events)
                {
                    sentAt[n] = Stopwatch.GetTimestamp();
                    await publisher.BasicPublishAsync("", queue, mandatory: false, properties, Payload.For(n));
                    Interlocked.Increment(ref confirmed);
                }
            })));
            await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }

        await consumer.BasicCancelAsync(tag);
        return (confirmed, received, latencies, started);
    }
}
