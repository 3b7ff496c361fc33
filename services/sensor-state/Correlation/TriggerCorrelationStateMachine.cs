using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// The correlation saga: one instance per (sensor, trigger). Each matched dependency event is applied with the rule
/// the matcher and <c>events simulate</c> share (<see cref="TriggerCorrelation.Step"/>, with this instance as the
/// state); when the conditions hold, <see cref="TriggerRequested"/> is published with the satisfying events and a
/// deterministic firing id.
/// </summary>
public sealed class TriggerCorrelationStateMachine : MassTransitStateMachine<TriggerCorrelationState>
{
    public TriggerCorrelationStateMachine(SensorStateTelemetry telemetry, TimeProvider time, IOptions<BusOptions> bus, ILogger<TriggerCorrelationStateMachine> logger)
    {
        var publishTimeout = TimeSpan.FromSeconds(bus.Value.PublishTimeoutSeconds);
        InstanceState(x => x.CurrentState);
        Event(() => DependencyMatched, e => e.CorrelateById(m => m.Message.CorrelationId));
        Event(() => DependenciesMatched, e => e.CorrelateById(m => m.Message.CorrelationId));

        Initially(
            When(DependencyMatched)
                .Then(ctx => Begin(ctx.Saga, ctx.Message))
                .ThenAsync(ctx => Apply(ctx, ctx.Message, telemetry, time, publishTimeout, logger))
                .TransitionTo(Correlating),
            When(DependenciesMatched)
                .Then(ctx => Begin(ctx.Saga, ctx.Message.Matches.FirstOrDefault()))
                .ThenAsync(ctx => ApplyAll(ctx, telemetry, time, publishTimeout, logger))
                .TransitionTo(Correlating));

        During(Correlating,
            When(DependencyMatched)
                .ThenAsync(ctx => Apply(ctx, ctx.Message, telemetry, time, publishTimeout, logger)),
            When(DependenciesMatched)
                .ThenAsync(ctx => ApplyAll(ctx, telemetry, time, publishTimeout, logger)));
    }

    public State Correlating { get; private set; } = null!;

    public Event<DependencyMatched> DependencyMatched { get; private set; } = null!;

    /// <summary>The matcher's grouped matches for this saga, applied in their order as if each came alone.</summary>
    public Event<DependenciesMatched> DependenciesMatched { get; private set; } = null!;

    private static void Begin(TriggerCorrelationState saga, DependencyMatched? first)
    {
        if (first is null)
        {
            return;
        }

        saga.Sensor = first.Sensor;
        saga.Trigger = first.Trigger;
        saga.SpecGeneration = first.SpecGeneration;
    }

    private static async Task ApplyAll(
        BehaviorContext<TriggerCorrelationState, DependenciesMatched> ctx,
        SensorStateTelemetry telemetry,
        TimeProvider time,
        TimeSpan publishTimeout,
        ILogger logger)
    {
        foreach (var matched in ctx.Message.Matches)
        {
            await Apply(ctx, matched, telemetry, time, publishTimeout, logger);
        }
    }

    private static async Task Apply(
        BehaviorContext<TriggerCorrelationState> ctx,
        DependencyMatched message,
        SensorStateTelemetry telemetry,
        TimeProvider time,
        TimeSpan publishTimeout,
        ILogger logger)
    {
        var saga = ctx.Saga;
        var now = time.GetUtcNow();
        telemetry.DependenciesCorrelated.Add(1, new("sensor", message.Sensor), new("trigger", message.Trigger));
        CorrelationStep step;
        try
        {
            step = TriggerCorrelation.Step(message.ToMatched(), saga, now);
        }
        catch (FormatException ex)
        {
            logger.LogError("Sensor {Sensor} trigger {Trigger}: conditions \"{Conditions}\" do not parse: {Error}", message.Sensor, message.Trigger, message.Conditions, ex.Message);
            return;
        }

        if (step.DiscardedBySpecChange > 0)
        {
            logger.LogInformation("Sensor {Sensor} trigger {Trigger}: spec changed, {Count} stored events discarded", message.Sensor, message.Trigger, step.DiscardedBySpecChange);
        }

        if (step.DiscardedByReset > 0)
        {
            logger.LogInformation("Sensor {Sensor} trigger {Trigger}: conditionsReset dropped {Count} stored events", message.Sensor, message.Trigger, step.DiscardedByReset);
        }

        if (step.Firing is not { } firing)
        {
            return;
        }

        if (step.Kind == CorrelationStepKind.Repeated)
        {
            logger.LogInformation("Sensor {Sensor} trigger {Trigger}: event {EventId} redelivered, firing {FiringId} published again", message.Sensor, message.Trigger, message.Event.Id, firing.FiringId);
        }
        else
        {
            saga.Firings++;
        }

        saga.LastFiredAt = now;
        telemetry.TriggersRequested.Add(1, new("sensor", message.Sensor), new("trigger", message.Trigger));
        await ctx.PublishWithin(firing.ToMessage(), publishTimeout);
    }
}
