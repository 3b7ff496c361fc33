using System.Collections.Concurrent;
using System.Text.Json;

namespace Microservices.Events.Bench;

/// <summary>
/// One trigger call the sink received: the trigger (its path), the firing id, the payload's numbers (-1 where absent)
/// and the <see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival.
/// </summary>
public sealed record Arrival(string Trigger, string FiringId, int N, int A, int B, long At)
{
    /// <summary>Reads every call <paramref name="sink"/> receives from now on, as it comes, into the queue returned.</summary>
    public static ConcurrentQueue<Arrival> Record(HttpSink sink)
    {
        var arrivals = new ConcurrentQueue<Arrival>();
        sink.Received += request => arrivals.Enqueue(From(request));
        return arrivals;
    }

    private static Arrival From(SinkRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        return new Arrival(request.Path.TrimStart('/'), request.Headers.GetValueOrDefault("X-Events-Firing-Id", ""),
            Number(json, "n"), Number(json, "a"), Number(json, "b"), request.ArrivedAt);
    }

    private static int Number(JsonDocument json, string name) =>
        json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : -1;
}
