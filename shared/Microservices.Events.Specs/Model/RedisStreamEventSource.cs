namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's RedisStreamEventSource: entries of <c>streams</c> read with XREADGROUP through the consumer group
/// <c>consumerGroup</c> (default <c>argo-events-cg</c>), <c>maxMsgCountPerRead</c> per stream and read (default 10),
/// at <c>hostAddress</c> in database <c>db</c> with <c>username</c>, <c>password</c> (a secret) and <c>tls</c>.
/// </summary>
public sealed record RedisStreamEventSource
{
    public string? HostAddress { get; init; }
    public SecretKeySelector? Password { get; init; }
    public string? Username { get; init; }
    public int? Db { get; init; }
    public IReadOnlyList<string>? Streams { get; init; }
    public int? MaxMsgCountPerRead { get; init; }
    public string? ConsumerGroup { get; init; }
    public ClientTls? Tls { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}
