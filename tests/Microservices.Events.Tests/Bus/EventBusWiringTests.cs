using System.Text.Json;
using MassTransit;
using Microservices.Events.BusGateway;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;
using Microservices.Events.TriggerDispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Bus;

/// <summary>Each service's bus part is passed explicitly to one AddEventBus; wiring mistakes stop the process at start.</summary>
public sealed class EventBusWiringTests
{
    [Fact]
    public void Adding_the_bus_twice_is_refused()
    {
        var builder = Builder();
        builder.AddEventBus(BusGatewayBus.Part);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddEventBus(TriggerDispatchBus.Part));
        Assert.Contains("AddEventBus was called after AddEventBus(bus-gateway)", error.Message);
    }

    [Fact]
    public void A_bus_without_parts_or_with_one_part_twice_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Builder().AddEventBus());
        var error = Assert.Throws<InvalidOperationException>(() => Builder().AddEventBus(BusGatewayBus.Part, BusGatewayBus.Part));
        Assert.Contains("bus-gateway more than once", error.Message);
    }

    [Fact]
    public async Task A_service_whose_bus_part_is_missing_stops_the_host_at_start()
    {
        var error = await StartFailure(builder =>
        {
            builder.AddBusGateway();
            builder.AddTriggerDispatch();
            builder.AddEventBus(BusGatewayBus.Part);
        });

        Assert.Contains("trigger-dispatch is registered (AddTriggerDispatch) but its bus part was not passed to AddEventBus", error);
    }

    [Fact]
    public async Task A_service_with_no_bus_at_all_stops_the_host_at_start()
    {
        var error = await StartFailure(builder => builder.AddBusGateway());

        Assert.Contains("bus-gateway is registered (AddBusGateway) but no event bus was added", error);
    }

    [Fact]
    public async Task A_bus_part_of_a_service_that_is_not_registered_stops_the_host_at_start()
    {
        var error = await StartFailure(builder =>
        {
            builder.AddBusGateway();
            builder.AddEventBus(BusGatewayBus.Part, TriggerDispatchBus.Part);
        });

        Assert.Contains("AddEventBus was given the bus part of trigger-dispatch, but trigger-dispatch is not registered", error);
    }

    [Fact]
    public async Task The_bus_may_be_added_before_the_service_and_still_runs_its_consumers()
    {
        await using var gateway = await ServiceHarness.StartAsync(builder =>
        {
            builder.Configuration["State:Provider"] = "InMemory";
            builder.AddEventBusTestHarness(BusGatewayBus.Part);
            builder.AddBusGateway();
        });
        var endpoint = await gateway.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));

        await endpoint.Send(new EventIngested
        {
            Event = new EventEnvelope { Id = "1", Source = "webhook", Type = "webhook", Subject = "example", Time = DateTimeOffset.UtcNow, Data = JsonDocument.Parse("{}").RootElement },
            ReceivedAt = DateTimeOffset.UtcNow,
        });

        Assert.True(await Eventually.HoldsAsync(() => gateway.Published.Select<EventPublished>().Any()), "bus-gateway did not publish the event");
    }

    [Fact]
    public async Task Messages_travel_as_compact_json_that_the_consumer_reads()
    {
        await using var gateway = await StartGatewayAsync();
        var endpoint = await gateway.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));

        await endpoint.Send(new EventIngested
        {
            Event = new EventEnvelope { Id = "compact-1", Source = "webhook", Type = "webhook", Subject = "example", Time = DateTimeOffset.UtcNow, Data = JsonDocument.Parse("{\"body\":{\"a\":[1,2]}}").RootElement },
            ReceivedAt = DateTimeOffset.UtcNow,
        });

        Assert.True(await Eventually.HoldsAsync(() => gateway.Consumed.Select<EventIngested>().Any()), "bus-gateway did not consume the event");
        var received = gateway.Consumed.Select<EventIngested>().First().Context;
        var body = received.ReceiveContext.Body.GetString();
        Assert.DoesNotContain('\n', body);
        Assert.DoesNotContain("  ", body);
        Assert.Contains("\"id\":\"compact-1\"", body);
        Assert.Equal("{\"body\":{\"a\":[1,2]}}", received.Message.Event.Data!.Value.GetRawText());
        Assert.True(await Eventually.HoldsAsync(() => gateway.Published.Select<EventPublished>().Any(p => p.Context.Message.Event.Id == "compact-1")), "bus-gateway did not publish the event");
    }

    [Fact]
    public async Task The_bus_reads_envelopes_with_the_one_parse_reader()
    {
        await using var gateway = await StartGatewayAsync();

        var probe = JsonSerializer.Serialize(gateway.Bus.GetProbeResult().Results);

        Assert.Contains("System.Text.Json, one parse", probe);
    }

    [Fact]
    public void The_bus_sends_no_usage_telemetry_to_MassTransits_authors()
    {
        var builder = Builder();
        builder.AddBusGateway();
        builder.AddEventBus(BusGatewayBus.Part);
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    /// <summary>bus-gateway on the in-memory bus and state, as the project's bus wiring sets it up.</summary>
    internal static Task<ServiceHarness> StartGatewayAsync() => ServiceHarness.StartAsync(builder =>
    {
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddBusGateway();
        builder.AddEventBusTestHarness(BusGatewayBus.Part);
    });

    /// <summary>The start-up validation message of a host <paramref name="configure"/> wires.</summary>
    private static async Task<string> StartFailure(Action<HostApplicationBuilder> configure)
    {
        var builder = Builder();
        configure(builder);
        using var host = builder.Build();
        return (await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())).Message;
    }

    private static HostApplicationBuilder Builder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration["Specs:Directory"] = "unused";
        return builder;
    }
}
