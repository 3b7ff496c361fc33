using System.Text.Json;

namespace Microservices.Events.Ingress.Sources.Kafka;

/// <summary>
/// Whether a consumer still reaches a broker, read from librdkafka's statistics (one JSON document per
/// <see cref="StatisticsIntervalMilliseconds"/>). librdkafka's own "all brokers down" error is raised only once every
/// known broker has tried to connect, which a consumer with an idle or never-used broker entry may not do for a long
/// time; so a consumer with no broker connection up for <see cref="Grace"/> is reported unreachable as well. Logical
/// brokers (the group coordinator) and the internal one do not count: each shares a real broker's connection state.
/// </summary>
public sealed class KafkaConnectionWatch(DateTimeOffset started)
{
    public const int StatisticsIntervalMilliseconds = 1000;

    /// <summary>How long a consumer may have no broker connection before it is reported unreachable.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private DateTimeOffset _lastConnected = started;

    /// <summary>Null while a broker connection is up or was up within <see cref="Grace"/>; otherwise why the brokers are unreachable.</summary>
    /// <param name="statistics">librdkafka's statistics document; one that cannot be read changes nothing.</param>
    public string? Observe(string statistics, DateTimeOffset now)
    {
        if (Brokers(statistics) is not { } brokers)
        {
            return null;
        }

        if (brokers.Count == 0)
        {
            return null;
        }

        if (brokers.Any(b => b.State is "UP" or "UPDATE"))
        {
            _lastConnected = now;
            return null;
        }

        var down = now - _lastConnected;
        return down < Grace
            ? null
            : $"no broker connection for {down.TotalSeconds:0} s ({string.Join(", ", brokers.Select(b => $"{b.Name} {b.State}"))})";
    }

    private static List<(string Name, string State)>? Brokers(string statistics)
    {
        try
        {
            using var document = JsonDocument.Parse(statistics);
            if (!document.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var found = new List<(string, string)>();
            foreach (var broker in brokers.EnumerateObject())
            {
                var source = broker.Value.TryGetProperty("source", out var s) ? s.GetString() : null;
                if (source is "logical" or "internal")
                {
                    continue;
                }

                found.Add((broker.Name, broker.Value.TryGetProperty("state", out var state) ? state.GetString() ?? "?" : "?"));
            }

            return found;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
