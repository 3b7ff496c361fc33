using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Kafka;

/// <summary>
/// The <c>config</c> field of a kafka event source (sarama's client configuration as YAML) as librdkafka properties
/// (pure). Keys are matched without regard to case, as Go reads them. The settings listed in <see cref="Mapped"/> are
/// applied; any other key is reported in <see cref="Mapping.NotApplied"/>; a value of the wrong type is an error.
/// </summary>
public static class SaramaConsumerConfig
{
    /// <summary>What one <c>config</c> text maps to.</summary>
    /// <param name="Settings">librdkafka property name to value.</param>
    /// <param name="NotApplied">Dotted sarama keys that have no effect here.</param>
    /// <param name="Errors">Unusable values, each naming its dotted key.</param>
    public sealed record Mapping(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> NotApplied, IReadOnlyList<string> Errors);

    private enum Conversion
    {
        Text,
        Bytes,
        Milliseconds,
        InitialOffset,
        IsolationLevel,
    }

    /// <summary>The sarama keys that are applied, and the librdkafka property each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mapped = Table.ToDictionary(t => t.Sarama, t => t.Property, StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys left alone on purpose, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Overridden = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["consumer.offsets.autoCommit.enable"] = "offsets are committed only after the bus accepted the event",
        ["consumer.return.errors"] = "consumer errors are always logged",
    };

    private static (string Sarama, string Property, Conversion Conversion)[] Table =>
    [
        ("clientID", "client.id", Conversion.Text),
        ("rackID", "client.rack", Conversion.Text),
        ("net.dialTimeout", "socket.connection.setup.timeout.ms", Conversion.Milliseconds),
        ("net.readTimeout", "socket.timeout.ms", Conversion.Milliseconds),
        ("metadata.refreshFrequency", "topic.metadata.refresh.interval.ms", Conversion.Milliseconds),
        ("consumer.group.session.timeout", "session.timeout.ms", Conversion.Milliseconds),
        ("consumer.group.heartbeat.interval", "heartbeat.interval.ms", Conversion.Milliseconds),
        ("consumer.offsets.autoCommit.interval", "auto.commit.interval.ms", Conversion.Milliseconds),
        ("consumer.offsets.initial", "auto.offset.reset", Conversion.InitialOffset),
        ("consumer.fetch.min", "fetch.min.bytes", Conversion.Bytes),
        ("consumer.fetch.default", "max.partition.fetch.bytes", Conversion.Bytes),
        ("consumer.fetch.max", "fetch.max.bytes", Conversion.Bytes),
        ("consumer.maxWaitTime", "fetch.wait.max.ms", Conversion.Milliseconds),
        ("consumer.isolationLevel", "isolation.level", Conversion.IsolationLevel),
    ];

    public static Mapping Map(string? config)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var notApplied = new List<string>();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(config))
        {
            return new(settings, notApplied, errors);
        }

        if (!YamlJson.TryParseFirst(config, out var root))
        {
            return new(settings, notApplied, ["is not YAML"]);
        }

        if (root is not JsonObject and not null)
        {
            return new(settings, notApplied, ["must be a YAML mapping of sarama settings"]);
        }

        foreach (var (key, value) in Leaves("", root as JsonObject))
        {
            if (Overridden.ContainsKey(key))
            {
                notApplied.Add(key);
                continue;
            }

            var entry = Table.FirstOrDefault(t => string.Equals(t.Sarama, key, StringComparison.OrdinalIgnoreCase));
            if (entry.Sarama is null)
            {
                notApplied.Add(key);
            }
            else if (Convert(entry.Conversion, value) is { } converted)
            {
                settings[entry.Property] = converted;
            }
            else
            {
                errors.Add($"{key}: {Expected(entry.Conversion)}, not {value?.ToJsonString() ?? "null"}");
            }
        }

        return new(settings, notApplied, errors);
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Leaves(string prefix, JsonObject? node)
    {
        foreach (var (name, value) in node ?? [])
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject child)
            {
                foreach (var leaf in Leaves(key, child))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (key, value);
            }
        }
    }

    private static string? Convert(Conversion conversion, JsonNode? value)
    {
        var text = value is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
        switch (conversion)
        {
            case Conversion.Text:
                return text;
            case Conversion.Bytes:
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? text : null;
            case Conversion.Milliseconds:
                // Go reads a time.Duration from a number of nanoseconds; a duration string such as 10s is taken too.
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds) && nanoseconds > 0)
                {
                    return Math.Max(1, nanoseconds / 1_000_000).ToString(CultureInfo.InvariantCulture);
                }

                return GoDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero
                    ? Math.Max(1, (long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)
                    : null;
            case Conversion.InitialOffset:
                return text switch { "-2" => "earliest", "-1" => "latest", _ => null };
            case Conversion.IsolationLevel:
                return text switch { "0" => "read_uncommitted", "1" => "read_committed", _ => null };
            default:
                return null;
        }
    }

    private static string Expected(Conversion conversion) => conversion switch
    {
        Conversion.Text => "expected a string",
        Conversion.Bytes => "expected a positive number of bytes",
        Conversion.Milliseconds => "expected a duration (nanoseconds, or such as 10s)",
        Conversion.InitialOffset => "expected -2 (oldest) or -1 (newest)",
        Conversion.IsolationLevel => "expected 0 (read uncommitted) or 1 (read committed)",
        _ => "unexpected value",
    };
}
