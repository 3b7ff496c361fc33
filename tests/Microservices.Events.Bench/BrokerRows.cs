namespace Microservices.Events.Bench;

/// <summary>What RabbitMQ did per event over a run: messages it received from publishers and kilobytes it wrote to disk.</summary>
public static class BrokerRows
{
    /// <summary>The rows for the span between two readings of the node's counters; none when either is missing.</summary>
    public static IReadOnlyList<TimingRow> Between(string run, BrokerCounters? before, BrokerCounters? after, int events) =>
        before is null || after is null
            ? []
            :
            [
                new("rabbitmq", $"messages received per event{run}", events, (after.MessagesReceived - before.MessagesReceived) / events),
                new("rabbitmq", $"KB written to disk per event{run}", events, (after.DiskBytesWritten - before.DiskBytesWritten) / 1024 / events),
            ];
}
