using System.Collections.Concurrent;

namespace Microservices.Events.TriggerDispatch.Executors.Slack;

/// <summary>
/// The thread of each message aggregation key: the <c>ts</c> of the first message posted with that key, per sensor,
/// trigger and channel. Kept in this process's memory, as Argo keeps it in the sensor's; a replica or a restart starts
/// new threads. At most <see cref="Capacity"/> keys are remembered; past that the oldest are forgotten.
/// </summary>
public sealed class SlackThreads
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Sensor, string Trigger, string Channel, string Key), string> _threads = new();
    private readonly ConcurrentQueue<(string, string, string, string)> _order = new();

    public string? Find(string sensor, string trigger, string channel, string key) =>
        _threads.TryGetValue((sensor, trigger, channel, key), out var ts) ? ts : null;

    public void Remember(string sensor, string trigger, string channel, string key, string ts)
    {
        if (_threads.TryAdd((sensor, trigger, channel, key), ts))
        {
            _order.Enqueue((sensor, trigger, channel, key));
            while (_threads.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _threads.TryRemove(oldest, out _);
            }
        }
    }
}
