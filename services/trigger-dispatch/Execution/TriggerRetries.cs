using System.Runtime.CompilerServices;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Retries;
using Microservices.Events.ServiceDefaults.Resilience;
using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch.Executors;
using Polly;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Runs a firing's attempts under its trigger's retry strategy. The Polly pipeline of a trigger is built once, for the
/// trigger object of the loaded specs (building one validates its options and costs more than a fast action), and kept
/// while that object lives; a reload of the specs brings new objects and so new pipelines. The firing being retried
/// reaches the shared pipeline's retry callback through the <see cref="ResilienceContext"/>.
/// </summary>
public sealed class TriggerRetries(DispatchTelemetry telemetry, TimeProvider time, ILogger<TriggerRetries> logger)
{
    private static readonly ResiliencePropertyKey<TriggerRequested> Firing = new("events.firing");

    private readonly ConditionalWeakTable<Trigger, Retries> _byTrigger = new();

    /// <summary>The attempts the trigger's retry strategy allows in all.</summary>
    public int Attempts(Trigger trigger) => For(trigger).Schedule.Attempts;

    /// <summary>Runs <paramref name="attempt"/> until it succeeds or the trigger's attempts are used up; returns the last outcome.</summary>
    public async ValueTask<TriggerOutcome> ExecuteAsync(
        Trigger trigger,
        TriggerRequested request,
        Func<CancellationToken, ValueTask<TriggerOutcome>> attempt,
        CancellationToken cancellationToken)
    {
        var retries = For(trigger);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Firing, request);
        try
        {
            return await retries.Pipeline.ExecuteAsync(static (context, attempt) => attempt(context.CancellationToken), context, attempt);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Retries For(Trigger trigger) => _byTrigger.GetValue(trigger, Build);

    private Retries Build(Trigger trigger)
    {
        var schedule = BackoffSchedule.From(trigger.RetryStrategy);
        var pipeline = RetryPipelines.Build<TriggerOutcome>(
            schedule.Attempts,
            retry => schedule.Delay(retry, Random.Shared.NextDouble()),
            attempt => attempt.Result is { Success: false },
            time,
            (context, failed, _, retry, delay) =>
            {
                var request = context.Properties.GetValue(Firing, null!);
                telemetry.Retried.Add(1, new("sensor", request.Sensor), new("trigger", request.Trigger));
                logger.LogWarning("Firing {FiringId} of {Sensor}/{Trigger} attempt {Attempt}/{Attempts} failed: {Detail}; next attempt in {Delay}",
                    request.FiringId, request.Sensor, request.Trigger, retry, schedule.Attempts, failed?.Detail, delay);
            });
        return new Retries(schedule, pipeline);
    }

    private sealed record Retries(BackoffSchedule Schedule, ResiliencePipeline<TriggerOutcome> Pipeline);
}
