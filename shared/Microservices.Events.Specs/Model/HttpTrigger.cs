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

    public ClientTls? Tls { get; init; }
    public HttpBasicAuth? BasicAuth { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Headers whose values come from a secret or a config map.</summary>
    public IReadOnlyList<HttpSecureHeader>? SecureHeaders { get; init; }

    /// <summary>Headers whose values come from the events: each parameter's <c>dest</c> is the header name.</summary>
    public IReadOnlyList<TriggerParameter>? DynamicHeaders { get; init; }
    public string? Host { get; init; }

    public const long DefaultTimeoutSeconds = 60;

    public static readonly IReadOnlyList<string> Methods = ["GET", "DELETE", "PATCH", "POST", "PUT"];
}

/// <summary>HTTP basic authentication with the user name and password read from secrets.</summary>
public sealed record HttpBasicAuth
{
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
}

/// <summary>A header whose value is read from a secret or a config map (Argo's SecureHeader).</summary>
public sealed record HttpSecureHeader
{
    public string? Name { get; init; }
    public HttpHeaderValueSource? ValueFrom { get; init; }
}

/// <summary>Exactly one of a secret key or a config map key.</summary>
public sealed record HttpHeaderValueSource
{
    public SecretKeySelector? SecretKeyRef { get; init; }
    public SecretKeySelector? ConfigMapKeyRef { get; init; }
}
