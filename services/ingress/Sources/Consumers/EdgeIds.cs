using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// The CloudEvent id of a message a consumer source reads: 32 hex characters (Argo's id format) from a SHA-256 of the
/// event source, the event name and the message's coordinates in its broker (topic/partition/offset, stream entry id,
/// S3 key + sequencer, …). A redelivery or a replay of the same message gets the same id, so bus-gateway publishes it once.
/// </summary>
public static class EdgeIds
{
    public static string From(string eventSource, string eventName, params string[] coordinates)
    {
        var key = string.Join('\n', [eventSource, eventName, .. coordinates]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }
}
