using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// Counters of a whole RabbitMQ node, read from its Prometheus text: messages received from publishers (summed over
/// the protocols it labels them with), bytes written to disk.
/// </summary>
public sealed record BrokerCounters(double MessagesReceived, double DiskBytesWritten)
{
    /// <summary>The two counters from <paramref name="prometheusText"/>; null when either line is missing or not a number.</summary>
    public static BrokerCounters? Parse(string prometheusText)
    {
        var lines = prometheusText.Split('\n');
        return Sum(lines, "rabbitmq_global_messages_received_total") is { } received && Sum(lines, "rabbitmq_io_write_bytes_total") is { } written
            ? new BrokerCounters(received, written)
            : null;
    }

    /// <summary>The sum of every sample of <paramref name="metric"/>, whatever its labels; null when there is none or one is not a number.</summary>
    private static double? Sum(string[] lines, string metric)
    {
        double? sum = null;
        foreach (var line in lines)
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not (' ' or '{'))
            {
                continue;
            }

            var value = line.AsSpan(line.LastIndexOf(' ') + 1);
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var sample))
            {
                return null;
            }

            sum = (sum ?? 0) + sample;
        }

        return sum;
    }
}
