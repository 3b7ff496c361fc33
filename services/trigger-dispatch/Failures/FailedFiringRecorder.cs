using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Failures;
using Microservices.Events.Semantics.Parameters;

namespace Microservices.Events.TriggerDispatch.Failures;

/// <summary>
/// Keeps a firing that failed after its retries and dead-letter trigger: the request, the resolved template (redacted),
/// attempts and the last error. A store that cannot be written is logged, not retried: failing the message would run
/// the action (and the dead-letter trigger) again.
/// </summary>
public sealed class FailedFiringRecorder(IFailedFiringStore store, TimeProvider time, ILogger<FailedFiringRecorder> logger)
{
    public static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(TriggerRequested request, string kind, string reason, int attempts, string? deadLetter, ResolvedFiring? resolved)
    {
        try
        {
            await store.SaveAsync(Describe(request, kind, reason, attempts, deadLetter, resolved, time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Failed firing {FiringId} of {Sensor}/{Trigger} could not be stored; it cannot be re-driven", request.FiringId, request.Sensor, request.Trigger);
        }
    }

    /// <summary>The stored form of a failure, every credential masked (<see cref="FiringRedaction"/>).</summary>
    public static FailedFiring Describe(TriggerRequested request, string kind, string reason, int attempts, string? deadLetter, ResolvedFiring? resolved, DateTimeOffset at) => new()
    {
        FiringId = request.FiringId,
        Sensor = request.Sensor,
        Trigger = request.Trigger,
        Kind = kind,
        FailedAt = at,
        Attempts = attempts,
        LastError = FiringRedaction.RedactText(reason),
        DeadLetter = deadLetter is null ? null : FiringRedaction.RedactText(deadLetter),
        Request = JsonSerializer.Serialize(request, RequestJson),
        Resolved = resolved is null
            ? null
            : new JsonObject { ["template"] = FiringRedaction.Redact(resolved.Template), ["payload"] = FiringRedaction.Redact(resolved.Payload?.ToNode()) }.ToJsonString(),
        RedriveOf = request.RedriveOf,
    };
}
