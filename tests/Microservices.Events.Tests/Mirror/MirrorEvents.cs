using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.Contracts;

namespace Microservices.Events.Tests.Mirror;

/// <summary>Events for the mirror tests, and reading them back from a Kafka mirror topic.</summary>
public static class MirrorEvents
{
    public const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static EventEnvelope Event(string id, string source = "webhook", string subject = "example", int n = 0) => new()
    {
        Id = id,
        Source = source,
        Type = "webhook",
        Subject = subject,
        Time = DateTimeOffset.UtcNow,
        Data = JsonDocument.Parse($$$"""{"body":{"n":{{{n.ToString(CultureInfo.InvariantCulture)}}}}}""").RootElement,
        TraceParent = TraceParent,
    };

    /// <summary>The records of <paramref name="topic"/> once it holds <paramref name="count"/> (or what it holds when the time is up), as Kafka gave them.</summary>
    public static async Task<IReadOnlyList<ConsumeResult<string?, byte[]>>> ReadAsync(KafkaMockCluster kafka, string topic, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<ConsumeResult<string?, byte[]>> records = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                records = kafka.Read(topic, count, TimeSpan.FromSeconds(2));
            }
            catch (KafkaException)
            {
                // The topic does not exist until its first record.
            }
            catch (InvalidOperationException)
            {
            }

            if (records.Count >= count)
            {
                return records;
            }

            await Task.Delay(200);
        }

        return records;
    }

    public static Message<string?, byte[]?> AsMessage(ConsumeResult<string?, byte[]> record) =>
        new() { Key = record.Message.Key, Value = record.Message.Value, Headers = record.Message.Headers };

    public static EventEnvelope Decode(ConsumeResult<string?, byte[]> record) =>
        CloudEventConversion.ToEnvelope(KafkaCloudEventBinding.ToCloudEvent(AsMessage(record), new JsonEventFormatter(), CloudEventConversion.Extensions));
}
