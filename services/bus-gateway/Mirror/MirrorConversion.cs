using CloudNative.CloudEvents;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>What the mirror consumers share: the conversion of a published event, its failure as permanent, and the partition count.</summary>
internal static class MirrorConversion
{
    /// <summary>Partitions of each mirror endpoint: events of one key go through one partition, in the order they arrived.</summary>
    public const int Partitions = 32;

    public static CloudEvent ToCloudEvent(EventEnvelope @event, bool withPartitionKey)
    {
        try
        {
            return CloudEventConversion.ToCloudEvent(@event, withPartitionKey);
        }
        catch (ArgumentException ex)
        {
            throw new UnmirrorableEventException(@event.Id, ex.Message);
        }
    }
}

/// <summary>An event the CloudEvents type system refuses; it goes to the mirror queue's <c>_error</c> queue without retries.</summary>
public sealed class UnmirrorableEventException(string id, string reason)
    : PermanentFailureException($"event \"{id}\" cannot be written as a CloudEvent: {reason}");
