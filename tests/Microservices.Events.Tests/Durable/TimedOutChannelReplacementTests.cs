using System.Collections.Concurrent;
using System.Globalization;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// A service's bus on the real broker behind a relay that holds the broker's replies: a consumer's publish whose
/// exchange declare times out gets its endpoint's channel closed and replaced, and the message is handled again on the
/// new channel.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class TimedOutChannelReplacementTests(DurableInfrastructure infrastructure)
{
    [Fact]
    public Task A_consumer_whose_publish_meets_a_timed_out_declare_is_given_a_new_channel_and_its_message_is_handled_there() =>
        RunAsync(bus => bus.AddConsumer<AskConsumer, AskConsumerDefinition>(), reportedByThePublish: true);

    [Fact]
    public Task A_publish_from_an_in_memory_outbox_that_meets_a_timed_out_declare_gets_the_channel_replaced_too() =>
        RunAsync(bus => bus.AddConsumer<AskConsumer, OutboxAskConsumerDefinition>(), reportedByThePublish: false);

    /// <summary>The correlation saga's path: its publish leaves the in-memory outbox after the saga step.</summary>
    public sealed class OutboxAskConsumerDefinition : ConsumerDefinition<AskConsumer>
    {
        public OutboxAskConsumerDefinition() => EndpointName = "channel-probe-outbox-ask";

        protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<AskConsumer> consumerConfigurator, IRegistrationContext context) =>
            endpointConfigurator.UseInMemoryOutbox(context);
    }

    /// <param name="reportedByThePublish">
    /// Whether the failure reaches the retry as <see cref="BrokerOperationTimedOutException"/> (a publish made at once) or
    /// as the client's own cancellation (a publish the outbox makes after the consumer returned).
    /// </param>
    private async Task RunAsync(Action<IBusRegistrationConfigurator> addAsk, bool reportedByThePublish)
    {
        if (!infrastructure.Available())
        {
            return;
        }

        var vhost = await infrastructure.CreateVirtualHostAsync($"channel-replaced-{Guid.NewGuid():N}");
        await using var relay = HoldingTcpRelay.To(infrastructure.RabbitPort);
        var probe = new ChannelProbe(relay);
        var logs = new CollectingLoggerProvider();
        var part = new BusPart("channel-probe", bus =>
        {
            addAsk(bus);
            bus.AddConsumer<AnswerConsumer, AnswerConsumerDefinition>();
        });
        using var host = await RelayedBusHost.StartAsync(relay, vhost, logs, part, new Dictionary<string, string?>
        {
            ["Bus:RabbitMq:ContinuationTimeoutSeconds"] = "2",
            ["Bus:RetryIntervalsMilliseconds:0"] = "200",
            ["Bus:StopTimeoutSeconds"] = "5",
        }, services => services.AddSingleton(probe));

        try
        {
            var bus = host.Services.GetRequiredService<IBusControl>();
            Assert.True(await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30)), bus.CheckHealth().Description);

            // Its confirmation may be among the replies held below.
            var asked = bus.Publish(new ProbeAsked(1));

            // The first delivery holds the broker's replies before it publishes: the declare of the answer's exchange
            // times out (2 s), and the replies come once the relay lets them through.
            await probe.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            relay.Release();
            await asked.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(await Eventually.HoldsAsync(() => probe.Answered.Contains(1), TimeSpan.FromSeconds(60)), string.Join('\n', logs.Lines));
            var replaced = logs.Lines.Where(l => l.Contains("the channel is closed and replaced", StringComparison.Ordinal)).ToList();
            Assert.True(replaced.Count > 0, string.Join('\n', logs.Lines));
            Assert.Equal(reportedByThePublish, replaced[0].Contains("Publishing ProbeAnswered failed", StringComparison.Ordinal));
            Assert.True(probe.Channels.Distinct().Count() >= 2, $"deliveries on channels {string.Join(", ", probe.Channels)}");
            Assert.False(probe.Channels.First().IsOpen, "the channel of the first delivery is closed");
            Assert.True(probe.Channels.Last().IsOpen, "the message was handled on an open channel");
        }
        finally
        {
            relay.Release();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    public sealed record ProbeAsked(int N);

    public sealed record ProbeAnswered(int N);

    public sealed class ChannelProbe(HoldingTcpRelay relay)
    {
        private int _asked;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<int> Answered { get; } = [];

        public ConcurrentQueue<IChannel> Channels { get; } = new();

        public void Asked(ConsumeContext context)
        {
            if (context.ReceiveContext.TryGetPayload(out ChannelContext? channel))
            {
                Channels.Enqueue(channel.Channel);
            }

            if (Interlocked.Increment(ref _asked) == 1)
            {
                relay.Hold();
                Held.TrySetResult();
            }
        }
    }

    public sealed class AskConsumer(ChannelProbe probe) : IConsumer<ProbeAsked>
    {
        public Task Consume(ConsumeContext<ProbeAsked> context)
        {
            probe.Asked(context);
            return context.PublishWithin(new ProbeAnswered(context.Message.N), TimeSpan.FromSeconds(30));
        }
    }

    public sealed class AnswerConsumer(ChannelProbe probe) : IConsumer<ProbeAnswered>
    {
        public Task Consume(ConsumeContext<ProbeAnswered> context)
        {
            probe.Answered.Add(context.Message.N);
            return Task.CompletedTask;
        }
    }

    public sealed class AskConsumerDefinition : ConsumerDefinition<AskConsumer>
    {
        public AskConsumerDefinition() => EndpointName = "channel-probe-ask";
    }

    public sealed class AnswerConsumerDefinition : ConsumerDefinition<AnswerConsumer>
    {
        public AnswerConsumerDefinition() => EndpointName = "channel-probe-answer";
    }
}
