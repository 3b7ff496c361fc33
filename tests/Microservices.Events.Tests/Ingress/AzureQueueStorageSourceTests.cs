using Microservices.Events.Ingress.Sources.AzureQueueStorage;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The <c>azureQueueStorage</c> kind against Azurite's queue service: Argo's event data, delete only after the bus
/// accepted, a refused message received again with the same id, malformed messages deleted or left with <c>dlq</c>, and
/// Azure AD sign-in refused at load.
/// </summary>
public sealed class AzureQueueStorageSourceTests : IAsyncLifetime
{
    private AzuriteTestServer _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteTestServer.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    public static SecretResolver Secrets(string connectionString) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Secrets:azure-secret:connectionstring"] = connectionString,
    }).Build());

    private static SpecSnapshot Spec(string events) => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: azure-queue}
        spec:
          azureQueueStorage:
        {{events}}
        """);

    private static string Event(string name, string queue, string extra = "") => $$"""
            {{name}}:
              queueName: {{queue}}
              waitTimeInSeconds: 1
              connectionString: {name: azure-secret, key: connectionstring}
              {{extra}}
        """;

    private AzureQueueStorageSource Source(EdgeRecordingBus bus, AzureQueueStorageOptions? options = null) =>
        new(bus.Services, Secrets(_azurite.ConnectionString), Options.Create(options ?? new AzureQueueStorageOptions()), TimeProvider.System,
            NullLogger<AzureQueueStorageSource>.Instance);

    [Fact]
    public async Task Messages_become_events_in_Argos_shape_and_are_deleted_only_after_the_bus_accepted_them()
    {
        var queue = await _azurite.QueueAsync("orders");
        var sent = (await queue.SendMessageAsync("""{"n": 1}""")).Value;
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);

        await source.ApplyAsync(Spec(Event("example", "orders", "jsonBody: true\n      metadata: {team: a}")), default);

        Assert.True(await Eventually.HoldsAsync(async () => bus.Accepted.Count == 1 && await _azurite.CountAsync("orders") == 0), $"accepted {bus.Accepted.Count}");
        var @event = Assert.Single(bus.Accepted);
        Assert.Equal(("azure-queue", "azureQueueStorage", "example"), (@event.Source, @event.Type, @event.Subject));
        Assert.Equal(EdgeIds.From("azure-queue", "example", AzuriteTestServer.AccountName, "orders", sent.MessageId), @event.Id);
        var data = @event.Data!.Value;
        Assert.Equal(sent.MessageId, data.GetProperty("messageID").GetString());
        Assert.Equal(1, data.GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal("a", data.GetProperty("metadata").GetProperty("team").GetString());
        Assert.True(DateTimeOffset.Parse(data.GetProperty("insertionTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_message_the_bus_refused_stays_on_the_queue_and_is_delivered_with_the_same_id_once_the_bus_is_back()
    {
        var queue = await _azurite.QueueAsync("kept");
        var sent = (await queue.SendMessageAsync("kept")).Value;
        var bus = new EdgeRecordingBus { Refusing = true };
        using var source = Source(bus, new AzureQueueStorageOptions { RefusedVisibilitySeconds = 1 });
        await source.ApplyAsync(Spec(Event("example", "kept")), default);

        Assert.True(await Eventually.HoldsAsync(() => bus.Refused >= 2, TimeSpan.FromSeconds(20)), $"refused {bus.Refused}");
        Assert.Equal(1, await _azurite.CountAsync("kept"));
        bus.Refusing = false;

        Assert.True(await Eventually.HoldsAsync(async () => bus.Accepted.Count == 1 && await _azurite.CountAsync("kept") == 0, TimeSpan.FromSeconds(40)));
        var @event = Assert.Single(bus.Accepted);
        Assert.Equal("kept"u8.ToArray(), @event.Data!.Value.GetProperty("body").GetBytesFromBase64());
        Assert.Equal(EdgeIds.From("azure-queue", "example", AzuriteTestServer.AccountName, "kept", sent.MessageId), @event.Id);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_deleted_and_counted_but_left_on_the_queue_with_dlq()
    {
        foreach (var name in new[] { "plain", "parked" })
        {
            var queue = await _azurite.QueueAsync(name);
            await queue.SendMessageAsync("not json {");
            await queue.SendMessageAsync("""{"ok": true}""");
        }

        var bus = new EdgeRecordingBus();
        using var source = Source(bus, new AzureQueueStorageOptions { VisibilityTimeoutSeconds = 1 });
        await source.ApplyAsync(Spec(Event("plain", "plain", "jsonBody: true") + "\n" + Event("parked", "parked", "jsonBody: true\n      dlq: true")), default);

        Assert.True(await Eventually.HoldsAsync(async () => bus.Accepted.Count == 2 && await _azurite.CountAsync("plain") == 0, TimeSpan.FromSeconds(30)),
            $"accepted {bus.Accepted.Count}");
        await Task.Delay(2500);
        await source.StopAsync(default);
        await Task.Delay(1500);

        Assert.Equal(1, await _azurite.CountAsync("parked"));
        var left = Assert.Single((await (await _azurite.QueueAsync("parked")).PeekMessagesAsync()).Value);
        Assert.Equal("not json {", left.Body.ToString());
        Assert.True(left.DequeueCount >= 2, $"dequeued {left.DequeueCount} times");
        Assert.Equal(["parked", "plain"], bus.Accepted.Select(e => e.Subject).Order());
        Assert.All(bus.Accepted, e => Assert.True(e.Data!.Value.GetProperty("body").GetProperty("ok").GetBoolean()));
    }

    [Fact]
    public async Task A_missing_queue_reports_the_listener_degraded_until_the_queue_exists()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(Event("later", "later")), default);

        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Degraded), source.Health().Description);
        var queue = await _azurite.QueueAsync("later");
        await queue.SendMessageAsync("{}");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1, TimeSpan.FromSeconds(40)), source.Health().Description);
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task An_event_with_only_storageAccountName_is_refused_at_load_and_not_consumed()
    {
        var queue = await _azurite.QueueAsync("orders");
        await queue.SendMessageAsync("{}");
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        var spec = Spec("""
                example:
                  queueName: orders
                  storageAccountName: devstoreaccount1
            """);

        var refusal = Assert.Single(source.Validate(spec.EventSources.Single()));
        await source.ApplyAsync(spec, default);
        await Task.Delay(1500);

        Assert.Equal((Microservices.Events.Specs.Loading.DiagnosticSeverity.Unsupported, "spec.azureQueueStorage.example.storageAccountName"), (refusal.Severity, refusal.Path));
        Assert.Contains("Azure AD", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _azurite.CountAsync("orders"));
        Assert.Contains("0 listener(s)", source.Health().Description);
        await source.StopAsync(default);
    }
}
