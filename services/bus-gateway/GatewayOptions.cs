using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.BusGateway;

/// <summary>Configuration section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>A repeated (source, id) inside this window is dropped. JetStream's default duplicate window is 300 s.</summary>
    [Range(0, 86_400)]
    public int DeduplicationWindowSeconds { get; set; } = 300;

    /// <summary>Largest accepted event data, in bytes of JSON.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxDataBytes { get; set; } = 1_048_576;
}
