namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's GenericEventSource: a gRPC server implementing Argo's generic event-source protocol at <c>url</c>
/// (<c>host:port</c>), sent <c>config</c> when the stream starts; <c>insecure</c> dials it without TLS, <c>authSecret</c>
/// is sent as a bearer token, <c>jsonBody</c> embeds each payload as JSON.
/// </summary>
public sealed record GenericEventSource
{
    public string? Url { get; init; }
    public string? Config { get; init; }
    public bool? Insecure { get; init; }
    public bool? JsonBody { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public SecretKeySelector? AuthSecret { get; init; }
    public EventSourceFilter? Filter { get; init; }

    /// <summary>
    /// The address to dial for <c>url</c>: <c>host:port</c> (a <c>dns:///</c> prefix is allowed) over plain HTTP/2 when
    /// <c>insecure</c>, else over TLS; an http(s) URL is taken as it is.
    /// </summary>
    public string ServerAddress()
    {
        var address = (Url ?? "").Trim();
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return address;
        }

        if (address.StartsWith("dns:///", StringComparison.OrdinalIgnoreCase))
        {
            address = address["dns:///".Length..];
        }

        return (Insecure == true ? "http://" : "https://") + address;
    }
}
