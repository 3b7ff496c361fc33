using System.Globalization;
using Microservices.Events.Specs.Expressions;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation;

/// <summary>Checks an EventSource beyond its shape: required fields, ports, schedules, and kinds that do not run yet.</summary>
public static class EventSourceValidator
{
    public static IReadOnlyList<SpecDiagnostic> Validate(EventSource source)
    {
        var d = new List<SpecDiagnostic>();
        if (string.IsNullOrWhiteSpace(source.Metadata.Name))
        {
            d.Add(Error("metadata.name", "required"));
        }

        var spec = source.Spec;
        var unsupported = spec.UnsupportedKinds().ToList();
        if (!spec.DeclaredKinds().Any())
        {
            d.Add(Error("spec", "declares no events: add at least one source map such as spec.webhook"));
        }

        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, webhook) in spec.Webhook ?? new Dictionary<string, WebhookEventSource>())
        {
            ValidateWebhook($"spec.webhook.{name}", webhook, routes, d);
        }

        foreach (var (name, github) in spec.Github ?? new Dictionary<string, GithubEventSource>())
        {
            GithubValidator.Validate($"spec.github.{name}", github, routes, d);
        }

        foreach (var (name, gitlab) in spec.Gitlab ?? new Dictionary<string, GitlabEventSource>())
        {
            GitlabValidator.Validate($"spec.gitlab.{name}", gitlab, routes, d);
        }

        foreach (var (name, slack) in spec.Slack ?? new Dictionary<string, SlackEventSource>())
        {
            ChatAndPaymentValidator.ValidateSlack($"spec.slack.{name}", slack, routes, d);
        }

        foreach (var (name, stripe) in spec.Stripe ?? new Dictionary<string, StripeEventSource>())
        {
            ChatAndPaymentValidator.ValidateStripe($"spec.stripe.{name}", stripe, routes, d);
        }

        foreach (var (name, sns) in spec.Sns ?? new Dictionary<string, SnsEventSource>())
        {
            ChatAndPaymentValidator.ValidateSns($"spec.sns.{name}", sns, routes, d);
        }

        foreach (var (name, bitbucket) in spec.Bitbucket ?? new Dictionary<string, BitbucketEventSource>())
        {
            ChatAndPaymentValidator.ValidateBitbucket($"spec.bitbucket.{name}", bitbucket, routes, d);
        }

        foreach (var (name, server) in spec.Bitbucketserver ?? new Dictionary<string, BitbucketServerEventSource>())
        {
            ChatAndPaymentValidator.ValidateBitbucketServer($"spec.bitbucketserver.{name}", server, routes, d);
        }

        foreach (var (name, gerrit) in spec.Gerrit ?? new Dictionary<string, GerritEventSource>())
        {
            GerritValidator.Validate($"spec.gerrit.{name}", gerrit, routes, d);
        }

        foreach (var (name, grid) in spec.StorageGrid ?? new Dictionary<string, StorageGridEventSource>())
        {
            StorageGridValidator.Validate($"spec.storageGrid.{name}", grid, routes, d);
        }

        foreach (var (name, receiver) in spec.Cloudevents ?? new Dictionary<string, CloudEventsEventSource>())
        {
            ChatAndPaymentValidator.ValidateCloudEvents($"spec.cloudevents.{name}", receiver, routes, d);
        }

        WebhookPortTlsValidator.Validate(spec, d);

        foreach (var (name, calendar) in spec.Calendar ?? new Dictionary<string, CalendarEventSource>())
        {
            ValidateCalendar($"spec.calendar.{name}", calendar, d);
        }

        foreach (var (name, kafka) in spec.Kafka ?? new Dictionary<string, KafkaEventSource>())
        {
            KafkaSourceValidator.Validate($"spec.kafka.{name}", kafka, d);
        }

        foreach (var (name, amqp) in spec.Amqp ?? new Dictionary<string, AmqpEventSource>())
        {
            AmqpValidator.Validate($"spec.amqp.{name}", amqp, d);
        }

        foreach (var (name, mqtt) in spec.Mqtt ?? new Dictionary<string, MqttEventSource>())
        {
            MqttValidator.Validate($"spec.mqtt.{name}", mqtt, d);
        }

        foreach (var (name, sqs) in spec.Sqs ?? new Dictionary<string, SqsEventSource>())
        {
            SqsValidator.Validate($"spec.sqs.{name}", sqs, d);
        }

        foreach (var (name, queue) in spec.AzureQueueStorage ?? new Dictionary<string, AzureQueueStorageEventSource>())
        {
            AzureQueueStorageValidator.Validate($"spec.azureQueueStorage.{name}", queue, d);
        }

        foreach (var (name, minio) in spec.Minio ?? new Dictionary<string, S3Artifact>())
        {
            MinioValidator.Validate($"spec.minio.{name}", minio, d);
        }

        foreach (var (name, file) in spec.File ?? new Dictionary<string, FileEventSource>())
        {
            FileWatchValidator.ValidateFile($"spec.file.{name}", file, d);
        }

        foreach (var (name, hdfs) in spec.Hdfs ?? new Dictionary<string, HdfsEventSource>())
        {
            FileWatchValidator.ValidateHdfs($"spec.hdfs.{name}", hdfs, d);
        }

        foreach (var (name, resource) in spec.Resource ?? new Dictionary<string, ResourceEventSource>())
        {
            ResourceValidator.Validate($"spec.resource.{name}", resource, d);
        }

        foreach (var (name, generic) in spec.Generic ?? new Dictionary<string, GenericEventSource>())
        {
            GenericValidator.Validate($"spec.generic.{name}", generic, d);
        }

        RefusedEventSourceValidator.Validate(spec, d);

        foreach (var (name, nats) in spec.Nats ?? new Dictionary<string, NatsEventSource>())
        {
            NatsSourceValidator.Validate($"spec.nats.{name}", nats, d);
        }

        foreach (var (name, redis) in spec.Redis ?? new Dictionary<string, RedisEventSource>())
        {
            RedisSourceValidator.ValidateRedis($"spec.redis.{name}", redis, d);
        }

        foreach (var (name, stream) in spec.RedisStream ?? new Dictionary<string, RedisStreamEventSource>())
        {
            RedisSourceValidator.ValidateStream($"spec.redisStream.{name}", stream, d);
        }

        foreach (var (kind, events) in unsupported)
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"spec.{kind}", $"event source kind \"{kind}\" is not supported yet (events: {string.Join(", ", events.Keys)})"));
        }

        return d;
    }

    /// <summary>A webhook route (the <c>webhook</c> kind's own, or the <c>webhook</c> context of another HTTP kind); <paramref name="routes"/> holds the port + endpoint pairs taken so far.</summary>
    internal static void ValidateWebhook(string path, WebhookEventSource webhook, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(webhook.Endpoint))
        {
            d.Add(Error($"{path}.endpoint", "required"));
        }
        else if (!webhook.Endpoint.StartsWith('/'))
        {
            d.Add(Error($"{path}.endpoint", $"\"{webhook.Endpoint}\" must start with \"/\""));
        }

        if (string.IsNullOrWhiteSpace(webhook.Method))
        {
            d.Add(Error($"{path}.method", "required"));
        }

        if (string.IsNullOrWhiteSpace(webhook.Port))
        {
            d.Add(Error($"{path}.port", "required"));
        }
        else if (!int.TryParse(webhook.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            d.Add(Error($"{path}.port", $"\"{webhook.Port}\" is not a port number (1-65535)"));
        }
        else if (webhook.Endpoint is { } endpoint && !routes.Add($"{port}{endpoint}"))
        {
            d.Add(Error($"{path}.endpoint", $"port {port} already has a route for \"{endpoint}\""));
        }

        if (webhook.MaxPayloadSize is <= 0)
        {
            d.Add(Error($"{path}.maxPayloadSize", "must be greater than 0"));
        }

        WebhookTlsValidator.Validate(path, webhook, d);

        ValidateFilter(path, webhook.Filter, d);
    }

    private static void ValidateCalendar(string path, CalendarEventSource calendar, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(calendar.Schedule) && string.IsNullOrWhiteSpace(calendar.Interval))
        {
            d.Add(Error(path, "one of schedule or interval is required"));
        }

        if (!string.IsNullOrWhiteSpace(calendar.Schedule) && !CronSchedule.TryParse(calendar.Schedule, out _, out var cronError))
        {
            d.Add(Error($"{path}.schedule", cronError!));
        }

        if (!string.IsNullOrWhiteSpace(calendar.Interval))
        {
            if (!GoDuration.TryParse(calendar.Interval, out var interval))
            {
                d.Add(Error($"{path}.interval", $"\"{calendar.Interval}\" is not a duration such as 10s, 5m or 1h"));
            }
            else if (interval <= TimeSpan.Zero)
            {
                d.Add(Error($"{path}.interval", "must be greater than 0"));
            }
        }

        if (!CronSchedule.TryFindTimeZone(calendar.Timezone, out _))
        {
            d.Add(Error($"{path}.timezone", $"unknown timezone \"{calendar.Timezone}\""));
        }

        for (var i = 0; i < (calendar.ExclusionDates?.Count ?? 0); i++)
        {
            if (!ExclusionDate.TryParse(calendar.ExclusionDates![i], out _))
            {
                d.Add(Error($"{path}.exclusionDates[{i}]", $"\"{calendar.ExclusionDates[i]}\" is not a date (YYYY-MM-DD, or EXDATE:YYYYMMDDTHHMMSSZ)"));
            }
        }

        if (calendar.Persistence?.Catchup?.MaxDuration is { Length: > 0 } maxDuration
            && (!GoDuration.TryParse(maxDuration, out var max) || max < TimeSpan.Zero))
        {
            d.Add(Error($"{path}.persistence.catchup.maxDuration", $"\"{maxDuration}\" is not a duration such as 10s, 5m or 1h"));
        }

        ValidateFilter(path, calendar.Filter, d);
    }

    internal static void ValidateFilter(string path, EventSourceFilter? filter, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(filter?.Expression))
        {
            return;
        }

        var p = $"{path}.filter.expression";
        if (!ExpressionParser.TryParse(filter.Expression, ExpressionDialect.Expr, out var parsed, out var error))
        {
            d.Add(Error(p, $"does not parse: {error}"));
            return;
        }

        foreach (var function in ExpressionParser.Calls(parsed!.Root).Select(c => c.Function).Where(f => !ExprFunctionNames.Supported.Contains(f)).Distinct())
        {
            d.Add(new(DiagnosticSeverity.Unsupported, p, $"function \"{function}\" is not supported (jsonpath and sprig are not available); the expression fails and every event is dropped"));
        }
    }

    internal static SpecDiagnostic Error(string path, string message) => new(DiagnosticSeverity.Error, path, message);
}
