using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microservices.Events.BusGateway;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Tests.Harness;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// Seeded CloudEvents reaching bus-gateway with attributes missing, blank, wrong or oversized: the validator names
/// exactly the broken ones, the consumer publishes none of them, and a valid event sent after them is published.
/// </summary>
public sealed class CloudEventFuzzTests(ITestOutputHelper output)
{
    private const int MaxDataBytes = 1024;

    /// <summary>Keeps valid attribute values distinct, so no event is dropped as a repeat of another's (source, id).</summary>
    private static long _unique;

    [Fact]
    public void The_validator_names_exactly_the_attributes_a_generated_event_breaks()
    {
        var run = FuzzRun.Start("CloudEvent attributes", output);
        var invalid = 0;
        for (var i = 0; i < run.Cases; i++)
        {
            var (@event, broken) = Generate(run.Random);
            var named = CloudEventValidator.Validate(@event, MaxDataBytes).Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ToHashSet();
            Assert.True(named.SetEquals(broken), run.Case(i, JsonSerializer.Serialize(@event), $": broke [{string.Join(", ", broken)}], named [{string.Join(", ", named)}]"));
            invalid += broken.Count > 0 ? 1 : 0;
        }

        output.WriteLine($"invalid×{invalid}, valid×{run.Cases - invalid}");
    }

    [Fact]
    public void Data_exactly_at_Gateway_MaxDataBytes_is_valid_and_one_character_more_is_named()
    {
        var atLimit = Valid("edge") with { Data = JsonDocument.Parse("\"" + new string('d', MaxDataBytes - 2) + "\"").RootElement };
        var over = Valid("edge") with { Data = JsonDocument.Parse("\"" + new string('d', MaxDataBytes - 1) + "\"").RootElement };

        Assert.Empty(CloudEventValidator.Validate(atLimit, MaxDataBytes));
        Assert.Equal([$"data: larger than {MaxDataBytes} bytes"], CloudEventValidator.Validate(over, MaxDataBytes));
    }

    [Fact]
    public async Task Broken_events_are_faulted_unpublished_and_a_valid_event_after_them_is_published()
    {
        var run = FuzzRun.Start("CloudEvents through the bus-gateway consumer", output, reducedCases: 200);
        await using var gateway = await ServiceHarness.StartAsync(builder =>
        {
            builder.Configuration["State:Provider"] = nameof(StateProvider.InMemory);
            builder.Configuration["Gateway:MaxDataBytes"] = MaxDataBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.AddBusGateway();
            builder.AddEventBusTestHarness(BusGatewayBus.Part);
        });
        var harness = gateway.Harness;
        var endpoint = await harness.Bus.GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));
        var sent = 0;
        for (var i = 0; i < run.Cases; i++)
        {
            var (@event, broken) = Generate(run.Random);
            if (broken.Count > 0)
            {
                await endpoint.Send(new EventIngested { Event = @event, ReceivedAt = DateTimeOffset.UtcNow });
                sent++;
            }
        }

        await endpoint.Send(new EventIngested { Event = Valid("after-the-fuzz"), ReceivedAt = DateTimeOffset.UtcNow });

        var patience = TimeSpan.FromSeconds(Math.Max(60, run.Cases / 20));
        int Handled() => harness.Published.Select<Fault<EventIngested>>().Count() + harness.Published.Select<EventPublished>().Count();
        Assert.True(await Eventually.HoldsAsync(() => Handled() == sent + 1, patience), $"{run}: {sent + 1} sent, {Handled()} faulted or published");

        // The wire reads some generated breakage back as valid (an omitted attribute takes its default); what it
        // publishes must be valid as it arrived, and the valid event sent last must be among it.
        var published = harness.Published.Select<EventPublished>().Select(p => p.Context.Message.Event).ToList();
        output.WriteLine($"faulted×{sent + 1 - published.Count}, published×{published.Count}");
        Assert.Contains("after-the-fuzz", published.Select(e => e.Id));
        Assert.All(published, e => Assert.Empty(CloudEventValidator.Validate(e, MaxDataBytes)));
        Assert.All(harness.Published.Select<Fault<EventIngested>>(), f => Assert.StartsWith("invalid CloudEvent", f.Context.Message.Exceptions[0].Message));
    }

    private static EventEnvelope Valid(string id) => new()
    {
        Id = id,
        Source = "hooks",
        Type = "webhook",
        Subject = "example",
        Time = DateTimeOffset.UtcNow,
        Data = JsonDocument.Parse("{}").RootElement,
    };

    /// <summary>An event with each attribute valid or broken at random, and the names of those broken.</summary>
    private static (EventEnvelope Event, HashSet<string> Broken) Generate(FuzzRandom random)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);
        string Text(string attribute)
        {
            if (random.Chance(20))
            {
                broken.Add(attribute);
                return random.Pick(["", " ", "\t\n", null!]);
            }

            // A lone surrogate cannot be written as JSON, so no event carrying one crosses a real bus.
            return "x" + Interlocked.Increment(ref _unique).ToString(System.Globalization.CultureInfo.InvariantCulture) + new string([.. random.Text(random.Chance(5) ? 5000 : 30).Where(c => !char.IsSurrogate(c))]);
        }

        // A null specversion or datacontenttype is left out on the wire and read back as its default, so none is generated.
        var specVersion = random.Chance(85) ? "1.0" : random.Pick(["0.3", "", "1.0 ", "2.0"]);
        if (specVersion != "1.0")
        {
            broken.Add("specversion");
        }

        var time = random.Chance(85) ? DateTimeOffset.UnixEpoch.AddSeconds(random.Next(1, int.MaxValue)) : default;
        if (time == default)
        {
            broken.Add("time");
        }

        var json = random.Chance(80) ? random.Json() : "\"" + new string('d', random.Next(MaxDataBytes - 200, MaxDataBytes + 200)) + "\"";
        JsonElement? data;
        try
        {
            data = random.Chance(10) ? null : JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException)
        {
            data = JsonDocument.Parse("{}").RootElement.Clone();
        }

        if (data is { } d && d.GetRawText().Length > MaxDataBytes)
        {
            broken.Add("data");
        }

        var contentType = random.Pick(["application/json", "application/json; charset=utf-8", "application/cloudevents+json", "text/plain", "application/xml", ""]);
        if (data is not null && !string.IsNullOrEmpty(contentType) && !contentType.StartsWith("application/json", StringComparison.Ordinal) && !contentType.EndsWith("+json", StringComparison.Ordinal))
        {
            broken.Add("datacontenttype");
        }

        var @event = new EventEnvelope
        {
            SpecVersion = specVersion,
            Id = Text("id"),
            Source = Text("source"),
            Type = Text("type"),
            Subject = Text("subject"),
            Time = time,
            DataContentType = contentType,
            Data = data,
        };
        return (@event, broken);
    }
}
