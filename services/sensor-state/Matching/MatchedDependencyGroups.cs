using System.Diagnostics;
using System.Runtime.InteropServices;
using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Matching;

/// <summary>
/// The matcher's messages to correlation sagas, one lane per saga. A match for a saga with no message being published
/// goes out at once, as a <see cref="DependenciesMatched"/> of one. Matches for a saga whose message is being published
/// wait, and go together in the next one, in the order they came (at most <see cref="MaxMatches"/> per message, and
/// at most <see cref="MaxDataBytes"/> of event data unless one event alone is larger). There is no timer: under light
/// load every message holds one match. A caller's task ends when the message holding its match was published (with
/// the broker's confirmation), or fails with that publish, so the matcher acknowledges an event only once every match
/// it made is on the bus. Each message continues the trace of its first match.
/// </summary>
/// <param name="publish">Publishes one message; its task ends with the broker's confirmation.</param>
public sealed class MatchedDependencyGroups(Func<DependenciesMatched, Task> publish)
{
    /// <summary>Most matches one message carries.</summary>
    public const int MaxMatches = 64;

    /// <summary>Most event data (JSON bytes) one message carries, unless its one match alone has more.</summary>
    public const int MaxDataBytes = 256 * 1024;

    private readonly Dictionary<Guid, LinkedList<Group>> _waiting = [];

    /// <summary>Publishes on <paramref name="bus"/>, outside the matcher's outbox, each within <c>Bus:PublishTimeoutSeconds</c>.</summary>
    public static MatchedDependencyGroups OnBus(IBus bus, IOptions<BusOptions> options)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds);
        return new MatchedDependencyGroups(message => bus.PublishWithin(message, timeout, CancellationToken.None));
    }

    /// <summary>Matches waiting for a message to their saga now.</summary>
    public int Waiting
    {
        get
        {
            lock (_waiting)
            {
                return _waiting.Values.Sum(q => q.Sum(g => g.Matches.Count));
            }
        }
    }

    /// <summary>Sends <paramref name="matched"/> to its saga; the task ends once the message holding it was published.</summary>
    public Task SendAsync(DependencyMatched matched, CancellationToken cancellationToken)
    {
        var bytes = DataBytes(matched.Event);
        Group? first = null;
        Group group;
        lock (_waiting)
        {
            if (_waiting.TryGetValue(matched.CorrelationId, out var lane))
            {
                if (lane.Last?.Value is { } last && last.Fits(bytes))
                {
                    group = last;
                }
                else
                {
                    group = new Group(Activity.Current);
                    lane.AddLast(group);
                }
            }
            else
            {
                first = group = new Group(Activity.Current);
                _waiting.Add(matched.CorrelationId, []);
            }

            group.Add(matched, bytes);
        }

        if (first is not null)
        {
            _ = PumpAsync(matched.CorrelationId, first);
        }

        return group.Published.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Publishes the lane's messages one after the other until none is waiting, then closes the lane.</summary>
    private async Task PumpAsync(Guid correlationId, Group group)
    {
        while (true)
        {
            var previous = Activity.Current;
            Activity.Current = group.Activity;
            try
            {
                await publish(new DependenciesMatched { CorrelationId = correlationId, Matches = group.Matches });
                group.Published.TrySetResult();
            }
            catch (Exception ex)
            {
                group.Published.TrySetException(ex);
            }
            finally
            {
                Activity.Current = previous;
            }

            lock (_waiting)
            {
                var lane = _waiting[correlationId];
                if (lane.First is not { } next)
                {
                    _waiting.Remove(correlationId);
                    return;
                }

                lane.RemoveFirst();
                group = next.Value;
            }
        }
    }

    private static int DataBytes(EventEnvelope @event) =>
        @event.Data is { } data ? JsonMarshal.GetRawUtf8Value(data).Length : 0;

    private sealed class Group(Activity? activity)
    {
        private int _bytes;

        public Activity? Activity { get; } = activity;

        public List<DependencyMatched> Matches { get; } = [];

        public TaskCompletionSource Published { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fits(int bytes) => Matches.Count < MaxMatches && _bytes + bytes <= MaxDataBytes;

        public void Add(DependencyMatched matched, int bytes)
        {
            Matches.Add(matched);
            _bytes += bytes;
        }
    }
}
