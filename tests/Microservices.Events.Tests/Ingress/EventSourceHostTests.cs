using Microservices.Events.Ingress.Sources;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The host that drives the event-source kinds keeps going when one kind fails.</summary>
public sealed class EventSourceHostTests
{
    [Fact]
    public async Task A_kind_that_fails_a_spec_change_neither_stops_later_changes_nor_the_other_kinds()
    {
        var catalog = new StaticSpecCatalog(SpecSnapshot.Empty);
        var failing = new FakeKind("failing") { Failure = new OperationCanceledException("cancelled by the kind itself") };
        var healthy = new FakeKind("healthy");
        var host = new EventSourceHost(catalog, new EventSourceKindRegistry([failing, healthy]), NullLogger<EventSourceHost>.Instance);

        await host.StartAsync(CancellationToken.None);
        catalog.Replace(SpecSnapshot.Empty);
        Assert.True(await Eventually.HoldsAsync(() => healthy.Applied == 2), "the other kind did not get the first change");
        catalog.Replace(SpecSnapshot.Empty);
        Assert.True(await Eventually.HoldsAsync(() => healthy.Applied == 3 && failing.Applied == 3), "a later change was not applied");

        failing.StopFailure = new OperationCanceledException("stop cancelled");
        await host.StopAsync(CancellationToken.None);
        Assert.True(healthy.Stopped);
    }

    private sealed class FakeKind(string kind) : IEventSourceKind
    {
        private int _applied;

        public Exception? Failure { get; init; }

        public Exception? StopFailure { get; set; }

        public int Applied => Volatile.Read(ref _applied);

        public bool Stopped { get; private set; }

        public string Kind => kind;

        public IReadOnlyList<SpecDiagnostic> Validate(EventSource source) => [];

        public Task ApplyAsync(SpecSnapshot snapshot, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _applied);
            return Failure is null ? Task.CompletedTask : Task.FromException(Failure);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return StopFailure is null ? Task.CompletedTask : Task.FromException(StopFailure);
        }

        public HealthCheckResult Health() => HealthCheckResult.Healthy();
    }
}
