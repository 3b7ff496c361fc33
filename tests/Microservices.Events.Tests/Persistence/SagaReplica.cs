using MassTransit;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.SensorState;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.SensorState.Matching;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// One sensor-state process on MassTransit's test harness with the correlation saga in the SQL repository. Several
/// replicas over one <see cref="StateBackend"/> compete for the same saga rows, as replicas on a shared database would.
/// </summary>
public sealed class SagaReplica : IAsyncDisposable
{
    public const string Sensor = "s";
    public const string Trigger = "t";

    public static readonly Guid CorrelationId = DeterministicGuid.Create("trigger", Sensor, Trigger);

    private readonly ServiceProvider _provider;

    private SagaReplica(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Store = provider.GetRequiredService<SqlSagaStore<TriggerCorrelationState>>();
    }

    public ITestHarness Harness { get; }

    public SqlSagaStore<TriggerCorrelationState> Store { get; }

    public IReadOnlyList<TriggerRequested> Firings => Harness.Published.Select<TriggerRequested>().Select(m => m.Context.Message).ToList();

    /// <param name="configure">Further <see cref="StateOptions"/> after the backend's.</param>
    public static async Task<SagaReplica> StartAsync(StateBackend backend, Action<StateOptions>? configure = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml()))
            .AddSingleton<SensorStateTelemetry>()
            .AddSingleton<SensorIndexHolder>();
        services.AddOptions<BusOptions>();
        services.AddEventsState(options =>
        {
            backend.Configure(options);
            configure?.Invoke(options);
        });
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(120));
            SensorStateBus.Configure(x, useSqlRepository: true);
        });
        var provider = services.BuildServiceProvider(validateScopes: true);

        // MassTransit keeps its log context in an AsyncLocal that a replica stopped earlier in this test left behind.
        LogContext.Current = null!;
        await provider.GetRequiredService<ITestHarness>().Start();
        return new SagaReplica(provider);
    }

    /// <summary>Publishes one matched dependency of the AND trigger "A &amp;&amp; B" to this replica's saga endpoint.</summary>
    public Task MatchAsync(string dependency, string eventId, System.Text.Json.JsonElement? data = null) =>
        Harness.Bus.Publish(Matched(dependency, eventId, data));

    private static DependencyMatched Matched(string dependency, string eventId, System.Text.Json.JsonElement? data) => new()
    {
        CorrelationId = CorrelationId,
        Sensor = Sensor,
        Trigger = Trigger,
        Conditions = "A && B",
        Dependency = dependency,
        SpecGeneration = "g1",
        Event = new EventEnvelope { Id = eventId, Source = "src", Subject = dependency, Type = "webhook", Time = DateTimeOffset.UtcNow, Data = data },
    };

    /// <summary>Publishes matched dependencies of the AND trigger "A &amp;&amp; B" as one grouped message, as the matcher does under load.</summary>
    public Task MatchGroupAsync(params (string Dependency, string EventId, System.Text.Json.JsonElement? Data)[] matches) =>
        Harness.Bus.Publish(new DependenciesMatched
        {
            CorrelationId = CorrelationId,
            Matches = matches.Select(m => Matched(m.Dependency, m.EventId, m.Data)).ToList(),
        });

    public Task<TriggerCorrelationState?> StateAsync() => Store.LoadAsync(CorrelationId, CancellationToken.None);

    /// <summary>MassTransit's own load path (<c>ILoadSagaRepository</c>), as a status query would use it.</summary>
    public Task<TriggerCorrelationState> LoadThroughMassTransitAsync() =>
        _provider.GetRequiredService<ILoadSagaRepository<TriggerCorrelationState>>().Load(CorrelationId);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
