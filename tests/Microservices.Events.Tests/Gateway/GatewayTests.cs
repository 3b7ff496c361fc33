using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microservices.Events.BusGateway;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Gateway;

public sealed class GatewayTests
{
    private static EventEnvelope Valid(string id = "abc", string source = "webhook") => new()
    {
        Id = id,
        Source = source,
        Type = "webhook",
        Subject = "example",
        Time = DateTimeOffset.UtcNow,
        Data = JsonDocument.Parse("{}").RootElement,
    };

    [Fact]
    public void A_complete_CloudEvent_is_valid() => Assert.Empty(CloudEventValidator.Validate(Valid(), 1024));

    [Theory]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("subject")]
    [InlineData("time")]
    [InlineData("specversion")]
    [InlineData("datacontenttype")]
    [InlineData("data")]
    public void Each_missing_or_bad_attribute_is_named(string attribute)
    {
        var e = attribute switch
        {
            "id" => Valid() with { Id = "" },
            "source" => Valid() with { Source = " " },
            "type" => Valid() with { Type = "" },
            "subject" => Valid() with { Subject = "" },
            "time" => Valid() with { Time = default },
            "specversion" => Valid() with { SpecVersion = "0.3" },
            "datacontenttype" => Valid() with { DataContentType = "text/plain" },
            _ => Valid() with { Data = JsonDocument.Parse($"\"{new string('x', 2000)}\"").RootElement },
        };

        var error = Assert.Single(CloudEventValidator.Validate(e, 1024));
        Assert.StartsWith(attribute + ":", error);
    }

    [Fact]
    public async Task The_in_memory_deduplication_store_admits_a_key_again_after_it_expires_or_is_released()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var store = new DeduplicationStore(new InMemoryClaimTable(), time, Microsoft.Extensions.Options.Options.Create(new StateOptions()));
        var span = TimeSpan.FromMinutes(5);

        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("s", "1", span));
        await store.ConfirmAsync("s", "1", span);
        Assert.Equal(ClaimOutcome.Completed, await store.TryReserveAsync("s", "1", span));
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("other", "1", span));
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("s", "2", span));
        await store.ReleaseAsync("s", "2");
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("s", "2", span));
        time.Now += TimeSpan.FromMinutes(6);
        Assert.Equal(ClaimOutcome.Claimed, await store.TryReserveAsync("s", "1", span));
    }

    [Fact]
    public async Task The_gateway_publishes_each_event_once_and_drops_a_repeated_source_and_id()
    {
        await using var gateway = await StartAsync();
        var harness = gateway.Harness;
        var endpoint = await harness.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));

        await endpoint.Send(new EventIngested { Event = Valid("one"), ReceivedAt = DateTimeOffset.UtcNow });
        await endpoint.Send(new EventIngested { Event = Valid("one"), ReceivedAt = DateTimeOffset.UtcNow });
        await endpoint.Send(new EventIngested { Event = Valid("two"), ReceivedAt = DateTimeOffset.UtcNow });

        Assert.True(await Eventually.HoldsAsync(() => harness.Consumed.Select<EventIngested>().Count() == 3));
        await Task.Delay(100);
        Assert.Equal(["one", "two"], harness.Published.Select<EventPublished>().Select(p => p.Context.Message.Event.Id).Order());
    }

    [Fact]
    public async Task An_invalid_event_is_not_published_and_faults_to_the_error_queue_without_retries()
    {
        await using var gateway = await StartAsync();
        var harness = gateway.Harness;
        var endpoint = await harness.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));

        await endpoint.Send(new EventIngested { Event = Valid() with { Source = "" }, ReceivedAt = DateTimeOffset.UtcNow });

        Assert.True(await Eventually.HoldsAsync(() => harness.Published.Select<Fault<EventIngested>>().Any()));
        var fault = harness.Published.Select<Fault<EventIngested>>().Single().Context.Message;
        Assert.Contains("source: required", fault.Exceptions[0].Message);
        Assert.Single(harness.Consumed.Select<EventIngested>());
        Assert.Empty(harness.Published.Select<EventPublished>());
    }

    private static Task<ServiceHarness> StartAsync() => ServiceHarness.StartAsync(builder =>
    {
        builder.Configuration["State:Provider"] = nameof(StateProvider.InMemory);
        builder.AddBusGateway();
        builder.AddEventBusTestHarness(BusGatewayBus.Part);
    });
}
