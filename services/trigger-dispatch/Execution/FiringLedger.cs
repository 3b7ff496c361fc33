using System.Collections.Concurrent;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Firing ids executed recently: a redelivered <c>TriggerRequested</c> with a known id is skipped. An id is
/// claimed before execution and released if execution crashed, so the redelivery runs it.
/// </summary>
public sealed class FiringLedger(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _claimed = new();
    private long _nextSweepTicks;

    public bool TryClaim(Guid firingId, TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (now.UtcTicks >= Interlocked.Read(ref _nextSweepTicks))
        {
            Interlocked.Exchange(ref _nextSweepTicks, now.UtcTicks + window.Ticks / 4);
            foreach (var (id, at) in _claimed)
            {
                if (now - at >= window)
                {
                    _claimed.TryRemove(KeyValuePair.Create(id, at));
                }
            }
        }

        return _claimed.TryAdd(firingId, now);
    }

    public void Release(Guid firingId) => _claimed.TryRemove(firingId, out _);
}
