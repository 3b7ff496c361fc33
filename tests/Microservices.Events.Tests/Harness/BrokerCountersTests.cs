using Microservices.Events.Testing;

namespace Microservices.Events.Tests.Harness;

public sealed class BrokerCountersTests
{
    [Fact]
    public void The_node_totals_are_the_sums_of_their_samples_whatever_the_labels()
    {
        const string text = """
            # TYPE rabbitmq_global_messages_received_total counter
            # HELP rabbitmq_global_messages_received_total Total number of messages received from publishers
            rabbitmq_global_messages_received_total{protocol="amqp091"} 84000
            rabbitmq_global_messages_received_total{protocol="amqp10"} 21
            rabbitmq_global_messages_received_confirm_total{protocol="amqp091"} 84000
            # TYPE rabbitmq_io_write_bytes_total counter
            rabbitmq_io_write_bytes_total 2.670674e+08
            """;

        Assert.Equal(new BrokerCounters(84021, 267067400), BrokerCounters.Parse(text));
    }

    [Theory]
    [InlineData("rabbitmq_global_messages_received_total 1")]
    [InlineData("rabbitmq_io_write_bytes_total 1")]
    [InlineData("rabbitmq_global_messages_received_total{protocol=\"amqp091\"} x\nrabbitmq_io_write_bytes_total 1")]
    [InlineData("rabbitmq_global_messages_received_total_other 1\nrabbitmq_io_write_bytes_total 1")]
    [InlineData("")]
    public void Text_without_both_counters_gives_none(string text)
    {
        Assert.Null(BrokerCounters.Parse(text));
    }
}
