using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// Endpoint <c>sensor-state-correlation</c>: messages of one saga instance are processed one at a time
/// (partitioned by CorrelationId), retried on concurrency conflicts, and publish only after the state is saved.
/// </summary>
public sealed class TriggerCorrelationSagaDefinition : SagaDefinition<TriggerCorrelationState>
{
    public TriggerCorrelationSagaDefinition() => EndpointName = "sensor-state-correlation";

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TriggerCorrelationState> sagaConfigurator, IRegistrationContext context)
    {
        var limit = context.GetRequiredService<IOptions<BusOptions>>().Value.ConcurrentMessageLimit;
        var partition = endpointConfigurator.CreatePartitioner(limit);
        sagaConfigurator.Message<DependencyMatched>(m => m.UsePartitioner(partition, x => x.Message.CorrelationId));
        endpointConfigurator.UseMessageRetry(r => r.Interval(10, TimeSpan.FromMilliseconds(50)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
