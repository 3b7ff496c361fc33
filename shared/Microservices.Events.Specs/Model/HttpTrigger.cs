using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>Calls an HTTP endpoint with a JSON body built from <c>payload</c> parameters.</summary>
public sealed record HttpTrigger
{
    public string? Url { get; init; }

    /// <summary>GET, DELETE, PATCH, POST (default) or PUT.</summary>
    public string? Method { get; init; }

    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    /// <summary>Seconds; Argo's default is 60.</summary>
    public long? Timeout { get; init; }

    public JsonElement? Tls { get; init; }
    public JsonElement? BasicAuth { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public JsonElement? SecureHeaders { get; init; }
    public IReadOnlyList<TriggerParameter>? DynamicHeaders { get; init; }
    public string? Host { get; init; }

    public const long DefaultTimeoutSeconds = 60;

    public static readonly IReadOnlyList<string> Methods = ["GET", "DELETE", "PATCH", "POST", "PUT"];
}
