using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.Specs.Conditions;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// The correlation saga: one instance per (sensor, trigger). Each matched dependency event is applied with
/// Argo's rule (<see cref="CorrelationRound"/>); when the conditions hold, <see cref="TriggerRequested"/> is
/// published with the satisfying events and a deterministic firing id.
/// </summary>
public sealed class TriggerCorrelationStateMachine : MassTransitStateMachine<TriggerCorrelationState>
{
    public TriggerCorrelationStateMachine(SensorStateTelemetry telemetry, TimeProvider time, ILogger<TriggerCorrelationStateMachine> logger)
    {
        InstanceState(x => x.CurrentState);
        Event(() => DependencyMatched, e => e.CorrelateById(m => m.Message.CorrelationId));

        Initially(
            When(DependencyMatched)
                .Then(ctx =>
                {
                    ctx.Saga.Sensor = ctx.Message.Sensor;
                    ctx.Saga.Trigger = ctx.Message.Trigger;
                    ctx.Saga.SpecGeneration = ctx.Message.SpecGeneration;
                })
                .ThenAsync(ctx => Apply(ctx, telemetry, time, logger))
                .TransitionTo(Correlating));

        During(Correlating,
            When(DependencyMatched)
                .ThenAsync(ctx => Apply(ctx, telemetry, time, logger)));
    }

    public State Correlating { get; private set; } = null!;

    public Event<DependencyMatched> DependencyMatched { get; private set; } = null!;

    private static async Task Apply(
        BehaviorContext<TriggerCorrelationState, DependencyMatched> ctx,
        SensorStateTelemetry telemetry,
        TimeProvider time,
        ILogger logger)
    {
        var saga = ctx.Saga;
        var message = ctx.Message;
        if (saga.SpecGeneration != message.SpecGeneration)
        {
            if (saga.StoredEvents.Count > 0)
            {
                logger.LogInformation("Sensor {Sensor} trigger {Trigger}: spec changed, {Count} stored events discarded", message.Sensor, message.Trigger, saga.StoredEvents.Count);
            }

            saga.StoredEvents.Clear();
            saga.SpecGeneration = message.SpecGeneration;
        }

        if (RecentFirings.Containing(saga.RecentFirings, message.Dependency, message.Event) is { } earlier)
        {
            logger.LogInformation("Sensor {Sensor} trigger {Trigger}: event {EventId} of {Dependency} already fired in {FiringId}; publishing that firing again",
                message.Sensor, message.Trigger, message.Event.Id, message.Dependency, earlier.FiringId);
            await ctx.Publish(earlier);
            return;
        }

        CorrelationOutcome outcome;
        try
        {
            outcome = CorrelationRound.Apply(saga.StoredEvents, message.Dependency, message.Event, message.Conditions);
        }
        catch (FormatException ex)
        {
            logger.LogError("Sensor {Sensor} trigger {Trigger}: conditions \"{Conditions}\" do not parse: {Error}", message.Sensor, message.Trigger, message.Conditions, ex.Message);
            return;
        }

        saga.StoredEvents = new Dictionary<string, EventEnvelope>(outcome.Stored, StringComparer.Ordinal);
        if (!outcome.Fired)
        {
            return;
        }

        var now = time.GetUtcNow();
        saga.Firings++;
        saga.LastFiredAt = now;
        telemetry.TriggersRequested.Add(1, new("sensor", message.Sensor), new("trigger", message.Trigger));
        var firing = new TriggerRequested
        {
            FiringId = CorrelationRound.FiringId(message.Sensor, message.Trigger, outcome.FiringEvents),
            CorrelationId = saga.CorrelationId,
            Sensor = message.Sensor,
            Trigger = message.Trigger,
            SpecGeneration = message.SpecGeneration,
            Events = outcome.FiringEvents,
            RequestedAt = now,
        };
        if (ConditionExpression.NeedsState(message.Conditions))
        {
            RecentFirings.Remember(saga.RecentFirings, firing);
        }

        await ctx.Publish(firing);
    }
}
