using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which receive endpoints lost their channel and did not report consuming since, as readiness and liveness judge them.</summary>
public sealed class EndpointChannelsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_endpoint_whose_channel_closed_is_not_consuming_until_it_reports_consuming_again()
    {
        var channels = new EndpointChannels();
        var generation = channels.Consuming("sensor-state-correlation", T0);

        channels.ChannelClosed("sensor-state-correlation", generation, T0.AddSeconds(5));
        Assert.Equal([("sensor-state-correlation", TimeSpan.FromSeconds(95))], channels.NotConsuming(T0.AddSeconds(100)));

        channels.Consuming("sensor-state-correlation", T0.AddSeconds(101));
        Assert.Empty(channels.NotConsuming(T0.AddSeconds(102)));
    }

    [Fact]
    public void A_closed_connection_leaves_every_known_endpoint_not_consuming_and_each_recovers_on_its_own_report()
    {
        var channels = new EndpointChannels();
        channels.Consuming("sensor-state-matcher", T0);
        channels.Consuming("sensor-state-correlation", T0);
        channels.Consuming("sensor-state-trigger-outcomes", T0);

        channels.ConnectionClosed(T0.AddSeconds(10));
        channels.Consuming("sensor-state-matcher", T0.AddSeconds(20));

        Assert.Equal(
            [("sensor-state-correlation", TimeSpan.FromSeconds(190)), ("sensor-state-trigger-outcomes", TimeSpan.FromSeconds(190))],
            channels.NotConsuming(T0.AddSeconds(200)));
    }

    [Fact]
    public void A_connection_close_learnt_late_is_not_held_against_endpoints_that_reported_consuming_after_it()
    {
        var channels = new EndpointChannels();
        channels.Consuming("sensor-state-matcher", T0);
        channels.Consuming("sensor-state-correlation", T0);
        channels.Consuming("sensor-state-matcher", T0.AddSeconds(15));

        channels.ConnectionClosed(T0.AddSeconds(10));

        Assert.Equal([("sensor-state-correlation", TimeSpan.FromSeconds(20))], channels.NotConsuming(T0.AddSeconds(30)));
    }

    [Fact]
    public void The_close_of_a_channel_replaced_since_is_not_held_against_the_endpoint()
    {
        var channels = new EndpointChannels();
        var first = channels.Consuming("trigger-dispatch", T0);
        channels.Consuming("trigger-dispatch", T0.AddSeconds(3));

        channels.ChannelClosed("trigger-dispatch", first, T0.AddSeconds(4));

        Assert.Empty(channels.NotConsuming(T0.AddSeconds(60)));
    }

    [Fact]
    public void A_second_close_keeps_the_time_of_the_first()
    {
        var channels = new EndpointChannels();
        var generation = channels.Consuming("bus-gateway", T0);

        channels.ChannelClosed("bus-gateway", generation, T0.AddSeconds(1));
        channels.ConnectionClosed(T0.AddSeconds(30));
        channels.ChannelClosed("bus-gateway", generation, T0.AddSeconds(40));

        Assert.Equal([("bus-gateway", TimeSpan.FromSeconds(99))], channels.NotConsuming(T0.AddSeconds(100)));
    }

    [Theory]
    [InlineData("unknown endpoint's channel closes")]
    [InlineData("connection closes before any endpoint reported")]
    public void An_endpoint_that_never_reported_consuming_is_not_judged(string what)
    {
        var channels = new EndpointChannels();
        if (what.StartsWith("unknown", StringComparison.Ordinal))
        {
            channels.ChannelClosed("sensor-state-replay", 1, T0);
        }
        else
        {
            channels.ConnectionClosed(T0);
        }

        Assert.Null(channels.Generation("sensor-state-replay"));
        Assert.Empty(channels.NotConsuming(T0.AddHours(1)));
    }
}
