using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>amqp</c> events: the broker URL, the exchange, the queue arguments, and what runs differently from Argo.</summary>
internal static class AmqpValidator
{
    /// <summary>Exchange types a broker has without plugins; <c>x-…</c> types of plugins are accepted as they are.</summary>
    public static readonly IReadOnlyList<string> ExchangeTypes = ["direct", "fanout", "topic", "headers"];

    public static void Validate(string path, AmqpEventSource amqp, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(amqp.Url) && amqp.UrlSecret is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.url", "one of url or urlSecret is required"));
        }
        else if (!string.IsNullOrWhiteSpace(amqp.Url) && amqp.UrlSecret is not null)
        {
            d.Add(EventSourceValidator.Error($"{path}.urlSecret", "set only one of url or urlSecret"));
        }
        else if (!string.IsNullOrWhiteSpace(amqp.Url) && !IsAmqpUrl(amqp.Url))
        {
            d.Add(EventSourceValidator.Error($"{path}.url", $"\"{amqp.Url}\" is not an amqp:// or amqps:// URL"));
        }

        if (string.IsNullOrWhiteSpace(amqp.ExchangeName))
        {
            d.Add(EventSourceValidator.Error($"{path}.exchangeName", "required"));
        }

        if (string.IsNullOrWhiteSpace(amqp.ExchangeType))
        {
            d.Add(EventSourceValidator.Error($"{path}.exchangeType", "required"));
        }
        else if (!ExchangeTypes.Contains(amqp.ExchangeType) && !amqp.ExchangeType.StartsWith("x-", StringComparison.Ordinal))
        {
            d.Add(EventSourceValidator.Error($"{path}.exchangeType", $"\"{amqp.ExchangeType}\" is not one of {string.Join(", ", ExchangeTypes)} (or a plugin's x-… type)"));
        }

        if (amqp.Auth is { } auth)
        {
            if (auth.Username is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.auth.username", "required with auth"));
            }

            if (auth.Password is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.auth.password", "required with auth"));
            }
        }

        d.AddRange(TlsProblems.Of($"{path}.tls", amqp.Tls).Select(p => EventSourceValidator.Error(p.Field, p.Message)));
        if (amqp.Tls is not null && !string.IsNullOrWhiteSpace(amqp.Url) && !amqp.Url.TrimStart().StartsWith("amqps://", StringComparison.OrdinalIgnoreCase))
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.tls", "tls applies to amqps:// URLs only: with this URL the connection is not encrypted (as in Argo)"));
        }

        if (!AmqpQueueArguments.TryParse(amqp.QueueDeclare?.Arguments, out _, out var argumentsError))
        {
            d.Add(EventSourceValidator.Error($"{path}.queueDeclare.arguments", argumentsError!));
        }

        if (amqp.ExchangeDeclare?.Internal == true)
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.exchangeDeclare.internal", "an internal exchange is not declared here: it must exist already (it is checked with a passive declare)"));
        }

        if (amqp.Consume?.AutoAck == true)
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.consume.autoAck", "autoAck is not honoured: each message is acknowledged after the bus accepted its event, so none is lost when ingress stops"));
        }

        if (amqp.QueueDeclare?.Exclusive ?? true)
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.queueDeclare.exclusive", "the queue is exclusive (Argo's default): it is deleted with its connection, so messages published while ingress is down or reconnecting are not kept; declare a named, non-exclusive, durable queue to keep them"));
        }

        ConnectionBackoffValidator.Validate(path, amqp.ConnectionBackoff, d);
        EventSourceValidator.ValidateFilter(path, amqp.Filter, d);
    }

    private static bool IsAmqpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" && uri.Host.Length > 0;
}
