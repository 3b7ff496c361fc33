using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which receive endpoints hold messages without finishing any, as readiness and liveness judge them.</summary>
public sealed class EndpointProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly HashSet<string> NoneWait = [];

    [Fact]
    public void An_endpoint_holding_messages_none_of_which_finished_since_the_limit_is_stuck()
    {
        var progress = new EndpointProgress();
        progress.Started("matcher", T0);
        progress.Started("matcher", T0.AddSeconds(10));

        Assert.Empty(progress.Stuck(T0.AddSeconds(59), Limit, NoneWait));
        Assert.Equal([("matcher", 2, TimeSpan.FromSeconds(60))], progress.Stuck(T0.AddSeconds(60), Limit, NoneWait));
    }

    [Fact]
    public void A_finished_message_is_progress_even_while_others_stay_in_flight()
    {
        var progress = new EndpointProgress();
        progress.Started("matcher", T0);
        progress.Started("matcher", T0);
        progress.Finished("matcher", T0.AddSeconds(50));

        Assert.Empty(progress.Stuck(T0.AddSeconds(100), Limit, NoneWait));
        Assert.Equal([("matcher", 1, TimeSpan.FromSeconds(60))], progress.Stuck(T0.AddSeconds(110), Limit, NoneWait));
    }

    [Fact]
    public void An_endpoint_with_nothing_in_flight_is_never_stuck_and_its_next_message_counts_from_its_own_start()
    {
        var progress = new EndpointProgress();
        progress.Started("correlation", T0);
        progress.Finished("correlation", T0.AddSeconds(1));

        Assert.Empty(progress.Stuck(T0.AddHours(1), Limit, NoneWait));

        progress.Started("correlation", T0.AddHours(1));
        Assert.Empty(progress.Stuck(T0.AddHours(1).AddSeconds(59), Limit, NoneWait));
        Assert.Single(progress.Stuck(T0.AddHours(1).AddSeconds(60), Limit, NoneWait));
    }

    [Fact]
    public void A_failed_attempt_that_is_retried_is_progress_but_not_a_finish()
    {
        var progress = new EndpointProgress();
        progress.Started("matcher", T0);
        progress.Progressed("matcher", T0.AddSeconds(50));
        progress.Progressed("correlation", T0.AddSeconds(50));

        Assert.Empty(progress.Stuck(T0.AddSeconds(100), Limit, NoneWait));
        Assert.Equal([("matcher", 1, TimeSpan.FromSeconds(60))], progress.Stuck(T0.AddSeconds(110), Limit, NoneWait));
    }

    [Fact]
    public void Endpoints_that_wait_by_design_are_not_judged()
    {
        var progress = new EndpointProgress();
        progress.Started("trigger-dispatch", T0);
        progress.Started("matcher", T0);

        Assert.Equal(["matcher"], progress.Stuck(T0.AddMinutes(10), Limit, new HashSet<string> { "trigger-dispatch" }).Select(s => s.Endpoint));
    }

    [Fact]
    public void A_finish_without_a_start_does_not_count_below_zero()
    {
        var progress = new EndpointProgress();
        progress.Finished("matcher", T0);
        progress.Finished("matcher", T0);
        progress.Started("matcher", T0.AddSeconds(5));

        Assert.Equal([("matcher", 1, TimeSpan.FromSeconds(60))], progress.Stuck(T0.AddSeconds(65), Limit, NoneWait));
    }

    [Theory]
    [InlineData("rabbitmq://127.0.0.1:5672/vhost/sensor-state-matcher", "sensor-state-matcher")]
    [InlineData("rabbitmq://127.0.0.1:5672/sensor-state-matcher", "sensor-state-matcher")]
    [InlineData("loopback://localhost/trigger-dispatch", "trigger-dispatch")]
    [InlineData("loopback://localhost/trigger-dispatch/", "trigger-dispatch")]
    public void An_endpoint_is_named_by_the_last_segment_of_its_input_address(string address, string name) =>
        Assert.Equal(name, ReceiveEndpointName.Of(new Uri(address)));
}
