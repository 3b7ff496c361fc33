using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which broker connections are blocked, why and for how long, as readiness reports them.</summary>
public sealed class BrokerConnectionBlocksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, (string Notice, string Connection, string Reason, int At)[], int, string> Cases => new()
    {
        { "nothing blocked", [], 10, "" },
        { "blocked", [("blocked", "guest@mq:5672/", "low on memory", 0)], 12, "broker connection blocked: low on memory (guest@mq:5672/, for 12 s)" },
        { "unblocked", [("blocked", "guest@mq:5672/", "low on memory", 0), ("ended", "guest@mq:5672/", "", 5)], 12, "" },
        { "closed while blocked", [("blocked", "guest@mq:5672/", "low on disk", 0), ("ended", "guest@mq:5672/", "", 3)], 12, "" },
        { "a repeated notice keeps the first time", [("blocked", "c", "low on memory", 0), ("blocked", "c", "low on disk", 8)], 10, "broker connection blocked: low on disk (c, for 10 s)" },
        { "no reason given", [("blocked", "c", " ", 0)], 1, "broker connection blocked: no reason given (c, for 1 s)" },
        {
            "two connections, by name", [("blocked", "z", "low on memory", 0), ("blocked", "a", "low on disk", 4)], 6,
            "broker connection blocked: low on disk (a, for 2 s); broker connection blocked: low on memory (z, for 6 s)"
        },
        { "blocked again after unblocked counts anew", [("blocked", "c", "low on memory", 0), ("ended", "c", "", 5), ("blocked", "c", "low on memory", 9)], 10, "broker connection blocked: low on memory (c, for 1 s)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Readiness_names_each_blocked_connection_with_the_broker_reason_and_for_how_long(string because, (string Notice, string Connection, string Reason, int At)[] notices, int now, string expected)
    {
        var blocks = new BrokerConnectionBlocks();
        foreach (var (notice, connection, reason, at) in notices)
        {
            if (notice == "blocked")
            {
                blocks.Blocked(connection, reason, T0.AddSeconds(at));
            }
            else
            {
                blocks.Ended(connection, T0.AddSeconds(at));
            }
        }

        Assert.True(expected == BrokerConnectionCheck.Describe(blocks.Current(T0.AddSeconds(now))), because);
    }

    [Fact]
    public void Ending_a_block_says_how_long_it_lasted_and_ending_an_unblocked_connection_says_nothing()
    {
        var blocks = new BrokerConnectionBlocks();
        blocks.Blocked("c", "low on memory", T0);

        Assert.Equal(TimeSpan.FromSeconds(62.5), blocks.Ended("c", T0.AddSeconds(62.5)));
        Assert.Null(blocks.Ended("c", T0.AddSeconds(70)));
        Assert.Null(blocks.Ended("never-blocked", T0));
    }
}
