using System.Collections.Concurrent;

namespace Microservices.Events.BusGateway;

/// <summary>
/// Remembers (source, id) pairs for a time window. A key is reserved before publishing and released if the
/// publish fails, so a redelivery of a failed message is not mistaken for a duplicate.
/// </summary>
public sealed class DeduplicationWindow(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Source, string Id), DateTimeOffset> _seen = new();
    private long _nextSweepTicks;

    /// <summary>True when the key was not seen inside <paramref name="window"/> and is now reserved.</summary>
    public bool TryReserve(string source, string id, TimeSpan window)
    {
        var now = time.GetUtcNow();
        Sweep(now, window);
        var key = (source, id);
        while (true)
        {
            if (_seen.TryAdd(key, now))
            {
                return true;
            }

            if (!_seen.TryGetValue(key, out var seenAt))
            {
                continue;
            }

            if (now - seenAt < window)
            {
                return false;
            }

            if (_seen.TryUpdate(key, now, seenAt))
            {
                return true;
            }
        }
    }

    public void Release(string source, string id) => _seen.TryRemove((source, id), out _);

    public int Count => _seen.Count;

    private void Sweep(DateTimeOffset now, TimeSpan window)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + window.Ticks, next) != next)
        {
            return;
        }

        foreach (var (key, seenAt) in _seen)
        {
            if (now - seenAt >= window)
            {
                _seen.TryRemove(KeyValuePair.Create(key, seenAt));
            }
        }
    }
}
