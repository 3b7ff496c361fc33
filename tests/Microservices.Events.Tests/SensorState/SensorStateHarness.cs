using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.SensorState;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.SensorState;

/// <summary>
/// sensor-state's matcher and correlation saga on MassTransit's test harness, fed one event at a time. The harness's
/// own waits end once the bus has been idle, so progress is observed by polling the message lists.
/// </summary>
public sealed class SensorStateHarness : IAsyncDisposable
{
    private readonly ServiceHarness _service;

    private SensorStateHarness(ServiceHarness service)
    {
        _service = service;
        Harness = service.Harness;
        Saga = Harness.GetSagaStateMachineHarness<TriggerCorrelationStateMachine, TriggerCorrelationState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<TriggerCorrelationStateMachine, TriggerCorrelationState> Saga { get; }

    public StaticSpecCatalog Catalog => (StaticSpecCatalog)_service.Services.GetRequiredService<ISpecCatalog>();

    public IServiceProvider Services => _service.Services;

    /// <summary>sensor-state as its Program wires it, with these sensors and its state (saga included) in memory.</summary>
    public static async Task<SensorStateHarness> StartAsync(params string[] sensorYaml) =>
        new(await ServiceHarness.StartAsync(builder =>
        {
            builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml(sensorYaml)));
            builder.Services.Configure<TestHarnessOptions>(o => o.TestTimeout = TimeSpan.FromSeconds(20));
            builder.Configuration["Specs:Directory"] = "unused";
            builder.Configuration["State:Provider"] = "InMemory";
            builder.AddSensorState();
            builder.AddEventBusTestHarness(SensorStateBus.Part);
        }));

    /// <summary>Publishes an event as bus-gateway would and waits until the matcher and every saga it told have handled it.</summary>
    public async Task<EventEnvelope> PublishAsync(string source, string subject, string id, string data = "{}")
    {
        var published = Published(source, subject, id, data);
        var @event = published.Event;
        await Harness.Bus.Publish(published);
        Assert.True(await Eventually.HoldsAsync(() => Harness.Consumed.Select<EventPublished>(x => x.Context.Message.Event.Id == id).Any()), $"event {id} was not consumed");
        await SettleAsync(id);
        return @event;
    }

    /// <summary>An event as bus-gateway publishes it, received and published now.</summary>
    public static EventPublished Published(string source, string subject, string id, string data = "{}")
    {
        var @event = new EventEnvelope
        {
            Id = id,
            Source = source,
            Subject = subject,
            Type = "webhook",
            Time = DateTimeOffset.UtcNow,
            Data = JsonDocument.Parse(data).RootElement,
        };
        return new EventPublished { Event = @event, ReceivedAt = @event.Time, PublishedAt = @event.Time };
    }

    /// <summary>Sends one DependencyMatched straight to the saga and waits until it was handled.</summary>
    public async Task MatchAsync(string sensor, string trigger, string conditions, string dependency, string eventId, string generation = "g1")
    {
        var message = new DependencyMatched
        {
            CorrelationId = DeterministicGuid.Create("trigger", sensor, trigger),
            Sensor = sensor,
            Trigger = trigger,
            Conditions = conditions,
            Dependency = dependency,
            SpecGeneration = generation,
            Event = new EventEnvelope { Id = eventId, Source = "src", Subject = dependency, Type = "webhook", Time = DateTimeOffset.UtcNow },
        };
        await Harness.Bus.Publish(message);
        Assert.True(await Eventually.HoldsAsync(() => Saga.Consumed.Select<DependencyMatched>(x => x.Context.Message.Event.Id == eventId && x.Context.Message.Dependency == dependency).Any()), $"saga did not handle {dependency}/{eventId}");
        await Task.Delay(20);
    }

    /// <summary>The firings so far, once no more arrive for a short while.</summary>
    public async Task<IReadOnlyList<TriggerRequested>> FiringsAsync(int atLeast = 0)
    {
        await Eventually.HoldsAsync(() => Harness.Published.Select<TriggerRequested>().Count() >= atLeast);
        await Task.Delay(150);
        return Harness.Published.Select<TriggerRequested>().Select(m => m.Context.Message).ToList();
    }

    private async Task SettleAsync(string id)
    {
        bool Done() =>
            Saga.Consumed.Select<DependenciesMatched>().Sum(x => x.Context.Message.Matches.Count(m => m.Event.Id == id)) ==
            Harness.Published.Select<DependenciesMatched>().Sum(x => x.Context.Message.Matches.Count(m => m.Event.Id == id));
        await Task.Delay(30);
        Assert.True(await Eventually.HoldsAsync(Done), $"sagas did not handle event {id}");
        await Task.Delay(20);
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
