using System.Text.RegularExpressions;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>The checks of <see cref="MirrorOptions"/>: one message per problem, each naming its key.</summary>
public static partial class MirrorOptionsValidation
{
    /// <summary>Producer settings the mirror sets itself: idempotence with acks from all replicas keeps each key's order without loss.</summary>
    public static IReadOnlySet<string> ReservedKafkaSettings { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bootstrap.servers", "enable.idempotence", "acks", "request.required.acks", "message.timeout.ms", "delivery.timeout.ms",
        "max.in.flight.requests.per.connection", "max.in.flight", "retries", "message.send.max.retries",
    };

    public static IReadOnlyList<string> Validate(MirrorOptions options, BusTransport transport)
    {
        const string at = MirrorOptions.Section;
        var errors = new List<string>();
        if (options.MaxRetryDelaySeconds is < 1 or > 3600)
        {
            errors.Add($"{at}:MaxRetryDelaySeconds: {options.MaxRetryDelaySeconds} is outside 1-3600");
        }

        var rabbit = options.RabbitMq;
        if (rabbit.Enabled && transport != BusTransport.RabbitMq)
        {
            errors.Add($"{at}:RabbitMq:Enabled: the exchange lives on the bus's broker, so it needs Bus:Transport=RabbitMq (it is {transport}); the Kafka mirror works with either");
        }

        if (rabbit.Enabled && !ExchangeName().IsMatch(rabbit.Exchange ?? ""))
        {
            errors.Add($"{at}:RabbitMq:Exchange: \"{rabbit.Exchange}\" is not an exchange name (1-255 of letters, digits, '-', '_', '.', ':')");
        }
        else if (rabbit.Enabled && (rabbit.Exchange ?? "").StartsWith("amq.", StringComparison.Ordinal))
        {
            errors.Add($"{at}:RabbitMq:Exchange: \"{rabbit.Exchange}\": names starting with \"amq.\" are reserved by RabbitMQ");
        }

        var kafka = options.Kafka;
        if (!kafka.Enabled)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            errors.Add($"{at}:Kafka:BootstrapServers: required when {at}:Kafka:Enabled is true");
        }

        if (!TopicName().IsMatch(kafka.Topic ?? "") || kafka.Topic is "." or "..")
        {
            errors.Add($"{at}:Kafka:Topic: \"{kafka.Topic}\" is not a topic name (1-249 of letters, digits, '.', '_', '-'; not \".\" or \"..\")");
        }

        if (kafka.MessageTimeoutMilliseconds is < 1_000 or > 3_600_000)
        {
            errors.Add($"{at}:Kafka:MessageTimeoutMilliseconds: {kafka.MessageTimeoutMilliseconds} is outside 1000-3600000");
        }

        foreach (var key in kafka.Producer.Keys.Where(ReservedKafkaSettings.Contains).Order(StringComparer.Ordinal))
        {
            errors.Add($"{at}:Kafka:Producer:{key}: set by the mirror itself (idempotent producer, acks=all) and cannot be changed");
        }

        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-_.:]{1,255}$")]
    private static partial Regex ExchangeName();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,249}$")]
    private static partial Regex TopicName();
}

/// <summary>Runs <see cref="MirrorOptionsValidation"/> on start, with the bus transport in force.</summary>
public sealed class MirrorOptionsValidator(IOptions<BusOptions> bus) : IValidateOptions<MirrorOptions>
{
    public ValidateOptionsResult Validate(string? name, MirrorOptions options) =>
        MirrorOptionsValidation.Validate(options, bus.Value.Transport) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
