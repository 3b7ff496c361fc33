using MassTransit;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>
/// The saga row writes one consumed message is waiting for (a payload of its consume context, put there by
/// <see cref="SagaWritesFilter"/>): the repository hands each change's write here instead of waiting for it inside the
/// saga pipe, so the next message of the same instance can start while the write is in flight.
/// </summary>
public sealed class SagaWrites
{
    private readonly List<Task> _writes = [];

    public void Add(Task write)
    {
        lock (_writes)
        {
            _writes.Add(write);
        }
    }

    /// <summary>Completes when every write handed here committed; fails as the first failed one did.</summary>
    public Task Saved()
    {
        lock (_writes)
        {
            return _writes.Count switch
            {
                0 => Task.CompletedTask,
                1 => _writes[0],
                _ => Task.WhenAll(_writes),
            };
        }
    }
}

/// <summary>
/// Waits, after the saga pipe, for the row writes of the message's saga changes (<see cref="SagaWrites"/>). Placed on
/// the saga endpoint inside the retry and the in-memory outbox and outside the partitioner: the partition is free for
/// the instance's next message once this one's change is applied, while this message's messages are published and
/// the message acknowledged only after its change committed; a failed write fails the message, so it is retried or
/// faults as if the write had happened inside the saga pipe.
/// </summary>
public sealed class SagaWritesFilter : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var writes = new SagaWrites();
        context.AddOrUpdatePayload(() => writes, _ => writes);
        await next.Send(context);
        await writes.Saved();
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("sagaWrites");
}
