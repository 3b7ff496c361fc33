using System.Collections.Concurrent;
using System.Globalization;
using MassTransit;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The broker connection lost while handlers acknowledge their messages into a connection whose writes no longer drain
/// (a relay stops reading, large publishes fill the sockets, 192 handlers acknowledge, then the relay resets the
/// connection): RabbitMQ.Client 7.2.2 shuts the connection's channels down one after another and, depending on the
/// order it tears the connection down in, waits at the held endpoint's channel for those handlers, whose
/// acknowledgements wait for good. <see cref="ClosedConnectionRelease"/> cancels them, the shutdown reaches every
/// channel, every endpoint consumes again on a new connection, and the messages not acknowledged are handled again.
/// Without it, the endpoint opened after the held one had no consumer 60 s later in 2 of 7 runs.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class ClosedConnectionReleaseTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    /// <summary>Handlers held at once: more acknowledgements than the client's frame buffer (128) holds.</summary>
    private const int Held = 192;

    /// <param name="brokerClosesFirst">
    /// The broker closes the connection (connection.close) before the reset: the client's read loop then waits to send
    /// its close-ok behind the acknowledgements, and the connection keeps counting itself open once its write loop has
    /// ended, so nothing in the client tells MassTransit or the channels that it closed.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Endpoints_consume_again_after_the_connection_is_lost_while_handlers_acknowledge_into_writes_that_no_longer_drain(bool brokerClosesFirst)
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var vhost = await infrastructure.CreateVirtualHostAsync($"closed-release-{Guid.NewGuid():N}");
        await using var relay = HoldingTcpRelay.To(infrastructure.RabbitPort);
        var probe = new ReleaseProbe();
        var logs = new CollectingLoggerProvider();
        var part = new BusPart("closed-release", bus => bus.AddConsumer<HeldConsumer, HeldConsumerDefinition>());
        using var host = await RelayedBusHost.StartAsync(relay, vhost, logs, part, new Dictionary<string, string?>
        {
            ["Bus:StopTimeoutSeconds"] = "3",
            ["Bus:ConcurrentMessageLimit"] = Held.ToString(CultureInfo.InvariantCulture),
            ["Bus:RabbitMq:PrefetchCount"] = Held.ToString(CultureInfo.InvariantCulture),
        }, services =>
        {
            services.AddSingleton(probe);
            services.AddReceiveObserver(_ => probe);
        });

        var fillers = new List<Task>();
        try
        {
            var bus = host.Services.GetRequiredService<IBusControl>();
            Assert.True(await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30)), bus.CheckHealth().Description);

            // An endpoint whose channel is opened after the held one's, so the connection's shutdown reaches it later.
            var other = host.Services.GetRequiredService<IReceiveEndpointConnector>().ConnectReceiveEndpoint("closed-release-other", (_, e) =>
                e.Handler<OtherMessage>(context =>
                {
                    probe.Other.Add(context.Message.N);
                    return Task.CompletedTask;
                }));
            await other.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} other ready");

            // Every handler of the held endpoint waits; the filler's exchange is declared while the broker still reads.
            for (var n = 0; n < Held; n++)
            {
                await bus.Publish(new HeldMessage(n));
            }

            await bus.Publish(new Filler(new string('x', 16)));
            Assert.True(await Eventually.HoldsAsync(() => probe.Started.Count == Held, TimeSpan.FromSeconds(30)), $"{probe.Started.Count} handlers started");
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} held started");

            // The broker stops reading: large publishes fill the sockets' buffers (far fewer than the client's 128
            // frames, so none of them waits for room while it holds its channel's confirmation lock).
            relay.StopReadingClients();
            using var fillerTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var payload = new string('x', 512 * 1024);
            for (var n = 0; n < 48; n++)
            {
                fillers.Add(bus.Publish(new Filler(payload), fillerTimeout.Token));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} fillers sent");

            // The handlers return: their acknowledgements wait for room in the frame buffer. Then the connection dies.
            probe.Gate.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var acknowledged = probe.Acknowledged;
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} handled {probe.Handled.Count}, acknowledged {acknowledged}");
            Assert.True(probe.Handled.Count == Held && acknowledged < Held, $"the scenario needs acknowledgements waiting: {probe.Handled.Count} handled, {acknowledged} acknowledged");
            if (brokerClosesFirst)
            {
                var connections = await infrastructure.RabbitCtlAsync("list_connections", "-q", "--no-table-headers", "pid", "vhost");
                foreach (var pid in connections.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(f => f.Length == 2 && f[1].Trim() == vhost).Select(f => f[0].Trim()))
                {
                    await infrastructure.RabbitCtlAsync("close_connection", pid, "closed by the test");
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            relay.ResetConnections();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} reset");

            var consuming = await Eventually.HoldsAsync(async () =>
            {
                var queues = await infrastructure.ListQueuesAsync(vhost);
                return queues.Any(q => q.Name == "closed-release-other" && q.Consumers > 0) && queues.Any(q => q.Name == HeldConsumerDefinition.QueueName && q.Consumers > 0);
            }, TimeSpan.FromSeconds(60));
            Assert.True(consuming, $"an endpoint has no consumer 60 s after the connection was lost: {string.Join("; ", (await infrastructure.ListQueuesAsync(vhost)).Select(q => $"{q.Name} consumers {q.Consumers}"))}\n{Interesting(logs)}");

            await bus.Publish(new OtherMessage(1));
            Assert.True(await Eventually.HoldsAsync(() => probe.Other.Contains(1), TimeSpan.FromSeconds(30)), string.Join('\n', logs.Lines.TakeLast(40)));
            Assert.True(await Eventually.HoldsAsync(() => probe.Redelivered.Count >= Held - acknowledged, TimeSpan.FromSeconds(30)), $"{probe.Redelivered.Count} held messages delivered again and handled, {Held - acknowledged} were not acknowledged");

            // Whether the connection's shutdown waited for the blocked acknowledgements depends on the order in which
            // the client tears it down; when it did, the release ended the wait.
            output.WriteLine($"released: {logs.Lines.Any(l => l.Contains("their handling is cancelled so the connection's shutdown can finish", StringComparison.Ordinal))}; " +
                             $"aborted: {logs.Lines.Any(l => l.Contains("counts itself open but can no longer send", StringComparison.Ordinal))}");
        }
        finally
        {
            probe.Gate.TrySetResult();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await host.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // A host still stuck in the lost connection's shutdown; the assertions above say why.
            }

            await Task.WhenAll(fillers.Select(f => f.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>The log but for the publishes of fillers that failed (by design), at most 80 lines.</summary>
    private static string Interesting(CollectingLoggerProvider logs) =>
        string.Join('\n', logs.Lines.Where(l => !l.Contains("Filler", StringComparison.Ordinal)).Select(l => l.Length > 400 ? l[..400] : l).TakeLast(80));

    public sealed record HeldMessage(int N);

    public sealed record OtherMessage(int N);

    public sealed record Filler(string Payload);

    /// <summary>What the handlers did, and how many messages MassTransit saw finished (after their acknowledgement).</summary>
    public sealed class ReleaseProbe : IReceiveObserver
    {
        private int _acknowledged;

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.InputAddress.AbsolutePath.EndsWith(HeldConsumerDefinition.QueueName, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _acknowledged);
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentDictionary<int, bool> Started { get; } = new();

        public ConcurrentDictionary<int, bool> Handled { get; } = new();

        public ConcurrentDictionary<int, bool> Redelivered { get; } = new();

        public ConcurrentBag<int> Other { get; } = [];
    }

    /// <summary>The first delivery of each message waits for the gate; a delivery after the gate opened is handled at once.</summary>
    public sealed class HeldConsumer(ReleaseProbe probe) : IConsumer<HeldMessage>
    {
        public async Task Consume(ConsumeContext<HeldMessage> context)
        {
            probe.Started[context.Message.N] = true;
            await probe.Gate.Task;
            probe.Handled[context.Message.N] = true;
            if (context.ReceiveContext.Redelivered)
            {
                probe.Redelivered[context.Message.N] = true;
            }
        }
    }

    public sealed class HeldConsumerDefinition : ConsumerDefinition<HeldConsumer>
    {
        public const string QueueName = "closed-release-held";

        public HeldConsumerDefinition() => EndpointName = QueueName;
    }
}
