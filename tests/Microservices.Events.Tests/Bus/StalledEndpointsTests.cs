using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>How long each receive endpoint has not been consuming, as the liveness guard samples it.</summary>
public sealed class StalledEndpointsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public void An_endpoint_not_consuming_since_the_limit_is_stalled_and_one_that_recovers_is_forgotten()
    {
        var endpoints = new StalledEndpoints();
        endpoints.Observe(T0, [("correlation", false), ("matcher", true)]);
        endpoints.Observe(T0.AddSeconds(60), [("correlation", false), ("matcher", false)]);

        Assert.Empty(endpoints.Stalled(T0.AddSeconds(119), Limit));
        Assert.Equal([("correlation", TimeSpan.FromSeconds(120))], endpoints.Stalled(T0.AddSeconds(120), Limit));
        Assert.Equal(["correlation", "matcher"], endpoints.Stalled(T0.AddSeconds(180), Limit).Select(s => s.Endpoint));

        endpoints.Observe(T0.AddSeconds(181), [("correlation", true), ("matcher", false)]);
        Assert.Equal(["matcher"], endpoints.Stalled(T0.AddSeconds(181), Limit).Select(s => s.Endpoint));
    }

    [Fact]
    public void An_endpoint_that_stops_again_counts_from_its_new_stop_and_one_no_longer_reported_is_dropped()
    {
        var endpoints = new StalledEndpoints();
        endpoints.Observe(T0, [("dispatch", false), ("gone", false)]);
        endpoints.Observe(T0.AddSeconds(100), [("dispatch", true), ("gone", false)]);
        endpoints.Observe(T0.AddSeconds(110), [("dispatch", false)]);

        Assert.Empty(endpoints.Stalled(T0.AddSeconds(200), Limit));
        Assert.Equal([("dispatch", TimeSpan.FromSeconds(120))], endpoints.Stalled(T0.AddSeconds(230), Limit));
    }
}
