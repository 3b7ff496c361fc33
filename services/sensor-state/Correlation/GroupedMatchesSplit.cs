using MassTransit;
using MassTransit.Configuration;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// A <see cref="DependenciesMatched"/> of several matches whose change would make the saga row too large
/// (<see cref="SagaStateTooLargeException"/>) is sent back to the saga as one
/// <see cref="DependencyMatched"/> per match, in its order, and acknowledged once they were published: the saga
/// applies the matches that fit and refuses only the one too large, as if the matcher had sent each alone.
/// </summary>
public sealed class GroupedMatchesSplit(TimeSpan publishTimeout, ILogger logger) : IFilter<ConsumeContext<DependenciesMatched>>
{
    /// <summary>
    /// Puts the split on <paramref name="endpoint"/> inside the message retries configured before this call and
    /// outside the in-memory outbox configured after it: nothing a refused attempt published leaves, and the split's
    /// own messages are not held back.
    /// </summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, TimeSpan publishTimeout, ILogger logger) =>
        _ = new Placement(endpoint, new GroupedMatchesSplit(publishTimeout, logger));

    public async Task Send(ConsumeContext<DependenciesMatched> context, IPipe<ConsumeContext<DependenciesMatched>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (SagaStateTooLargeException ex) when (context.Message.Matches.Count > 1)
        {
            var matches = context.Message.Matches;
            logger.LogWarning("{Error}; its {Count} grouped matches are sent to the saga one by one", ex.Message, matches.Count);
            foreach (var matched in matches)
            {
                await context.PublishWithin(matched, publishTimeout);
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("groupedMatchesSplit");

    /// <summary>Adds the split to the <see cref="DependenciesMatched"/> pipe when the saga's messages are configured, in the order observers were connected.</summary>
    private sealed class Placement : ConfigurationObserver, IMessageConfigurationObserver
    {
        private readonly GroupedMatchesSplit _split;

        public Placement(IConsumePipeConfigurator configurator, GroupedMatchesSplit split)
            : base(configurator)
        {
            _split = split;
            Connect(this);
        }

        public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator)
            where TMessage : class
        {
            if (typeof(TMessage) == typeof(DependenciesMatched))
            {
                configurator.AddPipeSpecification(new FilterPipeSpecification<ConsumeContext<DependenciesMatched>>(_split));
            }
        }
    }
}
