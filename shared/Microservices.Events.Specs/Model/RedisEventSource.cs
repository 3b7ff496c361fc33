namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's RedisEventSource: a Redis pub/sub subscription to <c>channels</c> at <c>hostAddress</c> in database
/// <c>db</c>, with <c>username</c>, <c>password</c> (a secret) and <c>tls</c>; <c>jsonBody</c> embeds each message as
/// JSON. <c>namespace</c> is Argo's (deprecated) namespace of the password secret and changes nothing here.
/// </summary>
public sealed record RedisEventSource
{
    public string? HostAddress { get; init; }
    public SecretKeySelector? Password { get; init; }
    public string? Username { get; init; }
    public string? Namespace { get; init; }
    public int? Db { get; init; }
    public IReadOnlyList<string>? Channels { get; init; }
    public ClientTls? Tls { get; init; }
    public bool? JsonBody { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
