namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's AMQPEventSource: consumes a queue bound to <c>exchangeName</c> with <c>routingKey</c> on the broker at
/// <c>url</c> (or the URL in <c>urlSecret</c>). The exchange, queue, binding and consumer are declared with the
/// settings of <c>exchangeDeclare</c>, <c>queueDeclare</c>, <c>queueBind</c> and <c>consume</c>; absent blocks take
/// Argo's defaults (a durable exchange; a server-named, exclusive, non-durable queue).
/// </summary>
public sealed record AmqpEventSource
{
    public string? Url { get; init; }
    public SecretKeySelector? UrlSecret { get; init; }
    public string? ExchangeName { get; init; }
    public string? ExchangeType { get; init; }
    public string? RoutingKey { get; init; }
    public Backoff? ConnectionBackoff { get; init; }
    public bool? JsonBody { get; init; }
    public ClientTls? Tls { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public AmqpExchangeDeclare? ExchangeDeclare { get; init; }
    public AmqpQueueDeclare? QueueDeclare { get; init; }
    public AmqpQueueBind? QueueBind { get; init; }
    public AmqpConsume? Consume { get; init; }
    public BasicAuth? Auth { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>How the exchange is declared; Argo's default is durable, not auto-deleted, not internal.</summary>
public sealed record AmqpExchangeDeclare
{
    public bool? Durable { get; init; }
    public bool? AutoDelete { get; init; }
    public bool? Internal { get; init; }
    public bool? NoWait { get; init; }
}

/// <summary>
/// How the queue is declared; Argo's default is a server-named, exclusive, non-durable queue. <c>arguments</c> is a
/// YAML map in a string (e.g. <c>x-queue-type: quorum</c>).
/// </summary>
public sealed record AmqpQueueDeclare
{
    public string? Name { get; init; }
    public bool? Durable { get; init; }
    public bool? AutoDelete { get; init; }
    public bool? Exclusive { get; init; }
    public bool? NoWait { get; init; }
    public string? Arguments { get; init; }
}

/// <summary>How the queue is bound to the exchange.</summary>
public sealed record AmqpQueueBind
{
    public bool? NoWait { get; init; }
}

/// <summary>How the queue is consumed; <c>autoAck</c> is not honoured (messages are acknowledged after the bus accepted them).</summary>
public sealed record AmqpConsume
{
    public string? ConsumerTag { get; init; }
    public bool? AutoAck { get; init; }
    public bool? Exclusive { get; init; }
    public bool? NoLocal { get; init; }
    public bool? NoWait { get; init; }
}
