using System.Collections.Concurrent;
using MassTransit;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Tests.Harness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Bus;

/// <summary>
/// How often every receive endpoint of the bus tries a message that fails, by failure (intervals of 1 ms: three
/// redeliveries, two transient waits): a database that is away (<see cref="TransientFailures"/>) uses the transient waits
/// first, any other failure and a transient one once those are used up the redeliveries; a
/// <see cref="PermanentFailureException"/> is not retried.
/// </summary>
public sealed class EndpointRetryTests
{
    /// <summary>One attempt's outcome in a plan: T a database away, F another failure, P a permanent failure; after the plan, success.</summary>
    [Theory]
    [InlineData("", 1, false)]
    [InlineData("F", 2, false)]
    [InlineData("FFF", 4, false)]
    [InlineData("FFFF", 4, true)] // one attempt and three redeliveries
    [InlineData("P", 1, true)]
    [InlineData("FP", 2, true)]
    [InlineData("TT", 3, false)]
    [InlineData("TTP", 3, true)]
    [InlineData("TTF", 4, false)]
    [InlineData("TTTTT", 6, false)] // two transient waits, then the three redeliveries
    [InlineData("FTTF", 5, false)]
    [InlineData("TFTTT", 6, false)]
    public async Task A_failing_message_is_tried_as_its_failures_allow(string plan, int attempts, bool faulted)
    {
        var (tried, faults) = await Run(plan);

        Assert.Equal(attempts, tried);
        Assert.Equal(faulted ? 1 : 0, faults);
    }

    [Fact]
    public async Task A_database_away_through_every_wait_faults_after_the_transient_waits_and_the_redeliveries()
    {
        var (tried, faults) = await Run(new string('T', 40));

        Assert.Equal(6, tried);
        Assert.Equal(1, faults);
    }

    [Theory]
    [InlineData(null, "100,500,2000")]
    [InlineData("", "")]
    [InlineData("250", "250")]
    public void Configured_redelivery_intervals_replace_the_defaults(string? configured, string inForce)
    {
        var settings = new Dictionary<string, string?>();
        if (configured == "")
        {
            settings["Bus:RetryIntervalsMilliseconds"] = "";
            settings["Bus:TransientRetryIntervalsMilliseconds"] = "";
        }
        else if (configured is not null)
        {
            settings["Bus:RetryIntervalsMilliseconds:0"] = configured;
            settings["Bus:TransientRetryIntervalsMilliseconds:0"] = configured;
        }

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();

        Assert.Equal(inForce, string.Join(",", options.RetryIntervals()));
        Assert.Equal(configured is null ? "1000,2000,5000,10000,15000,30000" : inForce, string.Join(",", options.TransientRetryIntervals()));
    }

    private static async Task<(int Tried, int Faults)> Run(string plan)
    {
        var id = Guid.NewGuid();
        Plans[id] = plan;
        await using var host = await ServiceHarness.StartAsync(builder =>
        {
            builder.Configuration["Bus:RetryIntervalsMilliseconds:0"] = "1";
            builder.Configuration["Bus:RetryIntervalsMilliseconds:1"] = "1";
            builder.Configuration["Bus:RetryIntervalsMilliseconds:2"] = "1";
            builder.Configuration["Bus:TransientRetryIntervalsMilliseconds:0"] = "1";
            builder.Configuration["Bus:TransientRetryIntervalsMilliseconds:1"] = "1";
            builder.Services.RequireBusPart(Part);
            builder.AddEventBusTestHarness(Part);
        });

        await host.Bus.Publish(new RetryProbe(id));

        Assert.True(await host.Harness.Consumed.Any<RetryProbe>(c => c.Context.Message.Id == id));
        await host.Harness.InactivityTask;
        var faults = host.Harness.Published.Select<Fault<RetryProbe>>(f => f.Context.Message.Message.Id == id).Count();
        return (Attempts.TryGetValue(id, out var tried) ? tried : 0, faults);
    }

    private static readonly BusPart Part = new("retry-probe", x => x.AddConsumer<RetryProbeConsumer>());

    private static readonly ConcurrentDictionary<Guid, string> Plans = new();

    private static readonly ConcurrentDictionary<Guid, int> Attempts = new();

    public sealed record RetryProbe(Guid Id);

    public sealed class RetryProbeConsumer : IConsumer<RetryProbe>
    {
        public Task Consume(ConsumeContext<RetryProbe> context)
        {
            var attempt = Attempts.AddOrUpdate(context.Message.Id, 1, (_, n) => n + 1);
            var plan = Plans[context.Message.Id];
            return attempt > plan.Length ? Task.CompletedTask : throw RedeliveryPolicyTests.Failure(plan[attempt - 1]);
        }
    }
}
