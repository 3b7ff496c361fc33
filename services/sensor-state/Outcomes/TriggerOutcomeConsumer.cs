using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.SensorState.Outcomes;

/// <summary>
/// Records what trigger-dispatch published about each firing (<see cref="TriggerSucceeded"/>, <see cref="TriggerFailed"/>)
/// on the <see cref="TriggerOutcomeBoard"/>, timed by when it was sent.
/// </summary>
public sealed class TriggerOutcomeConsumer(TriggerOutcomeBoard board, TimeProvider time, ILogger<TriggerOutcomeConsumer> logger)
    : IConsumer<TriggerSucceeded>, IConsumer<TriggerFailed>
{
    public Task Consume(ConsumeContext<TriggerSucceeded> context)
    {
        var m = context.Message;
        board.Record(m.Sensor, m.Trigger, succeeded: true, m.FiringId, m.Detail ?? "", SentAt(context));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TriggerFailed> context)
    {
        var m = context.Message;
        board.Record(m.Sensor, m.Trigger, succeeded: false, m.FiringId, m.Reason, SentAt(context));
        logger.LogDebug("Sensor {Sensor} trigger {Trigger}: firing {FiringId} failed after {Attempts} attempt(s): {Reason}", m.Sensor, m.Trigger, m.FiringId, m.Attempts, m.Reason);
        return Task.CompletedTask;
    }

    private DateTimeOffset SentAt(ConsumeContext context) =>
        context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : time.GetUtcNow();
}

/// <summary>Endpoint <c>sensor-state-trigger-outcomes</c>.</summary>
public sealed class TriggerOutcomeConsumerDefinition : ConsumerDefinition<TriggerOutcomeConsumer>
{
    public TriggerOutcomeConsumerDefinition() => EndpointName = "sensor-state-trigger-outcomes";
}
