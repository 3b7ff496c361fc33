using System.Text.Json;
using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Failures;

namespace Microservices.Events.TriggerDispatch.Failures;

/// <summary>What a redrive did: the firing is unknown, was re-driven before, or was published again now.</summary>
public enum RedriveStatus
{
    NotFound,
    AlreadyRedriven,
    Published,
}

public sealed record RedriveResult(RedriveStatus Status, Guid? RedriveFiringId, DateTimeOffset? RedrivenAt);

/// <summary>
/// Drives a failed firing again: its request, with the same events, is published as a new firing whose id follows
/// from the failed one's, so trigger-dispatch claims and runs it once like any firing (the ledger skips a repeat
/// inside <c>Dispatch:IdempotencyWindowSeconds</c>). It runs the trigger as the specs now define it. A firing is re-driven
/// once; a redrive that fails again is kept as a failure of its own, which can be re-driven in turn.
/// </summary>
public sealed class FailedFiringRedrive(IFailedFiringStore store, IBus bus, TimeProvider time, ILogger<FailedFiringRedrive> logger)
{
    public static Guid RedriveId(Guid failedFiringId) => DeterministicGuid.Create("redrive", failedFiringId.ToString("D"));

    public async Task<RedriveResult> RedriveAsync(Guid firingId, CancellationToken cancellationToken)
    {
        var failed = await store.GetAsync(firingId, cancellationToken);
        if (failed is null)
        {
            return new RedriveResult(RedriveStatus.NotFound, null, null);
        }

        if (failed.RedriveFiringId is { } earlier)
        {
            return new RedriveResult(RedriveStatus.AlreadyRedriven, earlier, failed.RedrivenAt);
        }

        var original = JsonSerializer.Deserialize<TriggerRequested>(failed.Request, FailedFiringRecorder.RequestJson)
                       ?? throw new InvalidOperationException($"failed firing {firingId} has no stored request");
        var now = time.GetUtcNow();
        var redrive = original with { FiringId = RedriveId(firingId), RequestedAt = now, RedriveOf = firingId };

        // Published before it is marked: a crash in between leaves it unmarked, and a second redrive publishes the
        // same firing id again, which the ledger runs only once.
        await bus.Publish(redrive, cancellationToken);
        await store.MarkRedrivenAsync(firingId, redrive.FiringId, now, cancellationToken);
        logger.LogInformation("Failed firing {FiringId} of {Sensor}/{Trigger} re-driven as firing {RedriveId}", firingId, failed.Sensor, failed.Trigger, redrive.FiringId);
        return new RedriveResult(RedriveStatus.Published, redrive.FiringId, now);
    }
}
