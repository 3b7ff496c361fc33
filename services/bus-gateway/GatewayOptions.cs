using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.BusGateway;

/// <summary>Configuration section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>A repeated (source, id) inside this window is dropped. JetStream's default duplicate window is 300 s.</summary>
    [Range(0, 86_400)]
    public int DeduplicationWindowSeconds { get; set; } = 300;

    /// <summary>
    /// Largest accepted event data, in characters of JSON. Keep it well above the largest webhook
    /// <c>maxPayloadSize</c>: the data adds headers and metadata to the body, and escaping can grow it.
    /// </summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxDataBytes { get; set; } = 16 * 1_048_576;
}
