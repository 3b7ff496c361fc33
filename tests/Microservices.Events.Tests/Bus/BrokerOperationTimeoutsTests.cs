using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which failures are a RabbitMQ channel operation that timed out, so the channel is replaced.</summary>
public sealed class BrokerOperationTimeoutsTests
{
    private const string Declare = """
           at RabbitMQ.Client.Impl.Channel.ExchangeDeclareAsync(String exchange, String type, Boolean durable, Boolean autoDelete, IDictionary`2 arguments, Boolean passive, Boolean noWait, CancellationToken cancellationToken)
           at MassTransit.RabbitMqTransport.Middleware.ConfigureRabbitMqTopologyFilter`1.ConfigureTopology(ChannelContext context, CancellationToken cancellationToken)
        """;

    private const string Consume = "   at RabbitMQ.Client.Impl.AutorecoveringChannel.BasicConsumeAsync(String queue, Boolean autoAck, String consumerTag)";

    private const string Publish = "   at RabbitMQ.Client.Impl.Channel.BasicPublishAsync[TProperties](String exchange, String routingKey)";

    private const string Handler = "   at Microservices.Events.TriggerDispatch.Dispatching.Run(FiringContext context)";

    public static TheoryData<string, Type, string?, bool> Cases => new()
    {
        { "an exchange declare that timed out", typeof(TaskCanceledException), Declare, true },
        { "the same reported as a timeout", typeof(TimeoutException), Declare, true },
        { "a consume on a recovering channel", typeof(OperationCanceledException), Consume, true },
        { "a publish waiting for its confirmation", typeof(TaskCanceledException), Publish, false },
        { "a handler's own cancellation", typeof(OperationCanceledException), Handler, false },
        { "another failure of a declare", typeof(InvalidOperationException), Declare, false },
        { "a cancellation without a stack", typeof(OperationCanceledException), null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_cancellation_or_timeout_raised_through_a_channel_operation_is_a_broker_operation_timeout(string failure, Type type, string? stack, bool expected) =>
        Assert.True(BrokerOperationTimeouts.IsBrokerOperationTimeout(type, stack) == expected, failure);

    [Fact]
    public void A_cancellation_thrown_outside_the_client_is_not_one_alone_or_wrapped()
    {
        var cancelled = Thrown(() => throw new TaskCanceledException("handler"));
        Assert.False(BrokerOperationTimeouts.IsBrokerOperationTimeout(cancelled));
        Assert.False(BrokerOperationTimeouts.IsBrokerOperationTimeout(new AggregateException(new InvalidOperationException("x"), cancelled)));
        Assert.False(BrokerOperationTimeouts.IsBrokerOperationTimeout(new InvalidOperationException("outer", cancelled)));
    }

    [Fact]
    public void A_publish_reported_as_timed_out_is_one_alone_or_wrapped()
    {
        var reported = new BrokerOperationTimedOutException("Publishing TriggerRequested failed", new TaskCanceledException("declare"));
        Assert.True(BrokerOperationTimeouts.IsBrokerOperationTimeout(reported));
        Assert.True(BrokerOperationTimeouts.IsBrokerOperationTimeout(new AggregateException(new InvalidOperationException("x"), reported)));
        Assert.Equal("Publishing TriggerRequested failed: TaskCanceledException: declare", reported.Message);
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("nothing thrown");
    }
}
