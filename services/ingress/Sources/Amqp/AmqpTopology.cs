using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Amqp;

/// <summary>
/// What an <c>amqp</c> event declares and consumes, with Argo's defaults for absent blocks: a durable exchange; a
/// server-named, exclusive, non-durable queue; a consumer that is not exclusive. Pure.
/// </summary>
public sealed record AmqpTopology(
    string ExchangeName,
    string ExchangeType,
    string RoutingKey,
    bool ExchangeDurable,
    bool ExchangeAutoDelete,
    bool ExchangeInternal,
    bool ExchangeNoWait,
    string QueueName,
    bool QueueDurable,
    bool QueueAutoDelete,
    bool QueueExclusive,
    bool QueueNoWait,
    IDictionary<string, object?> QueueArguments,
    bool BindNoWait,
    string ConsumerTag,
    bool ConsumerExclusive,
    bool ConsumerNoLocal)
{
    public static AmqpTopology From(AmqpEventSource spec)
    {
        AmqpQueueArguments.TryParse(spec.QueueDeclare?.Arguments, out var arguments, out _);
        var queueName = spec.QueueDeclare?.Name ?? "";
        return new AmqpTopology(
            spec.ExchangeName ?? "",
            spec.ExchangeType ?? "",
            spec.RoutingKey ?? "",
            spec.ExchangeDeclare?.Durable ?? true,
            spec.ExchangeDeclare?.AutoDelete ?? false,
            spec.ExchangeDeclare?.Internal ?? false,
            spec.ExchangeDeclare?.NoWait ?? false,
            queueName,
            spec.QueueDeclare?.Durable ?? false,
            spec.QueueDeclare?.AutoDelete ?? false,
            spec.QueueDeclare?.Exclusive ?? true,
            // A server-named queue's name comes back in the declare's reply: it cannot be declared without waiting.
            (spec.QueueDeclare?.NoWait ?? false) && queueName.Length > 0,
            arguments,
            spec.QueueBind?.NoWait ?? false,
            spec.Consume?.ConsumerTag ?? "",
            spec.Consume?.Exclusive ?? false,
            spec.Consume?.NoLocal ?? false);
    }
}
