using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// POSTs events numbered <c>first</c>..<c>first</c>+N-1 on an <see cref="OpenLoopSchedule"/>: each leaves when it is
/// due, whether or not the earlier ones were answered (at most <c>connections</c> connections; requests beyond them
/// wait for one, and that wait counts). Even numbers go to <c>urlA</c>, odd to <c>urlB</c>. Records, by number -
/// <c>first</c>, when each event was due and when its 200 arrived (0: not accepted).
/// </summary>
public sealed class OpenLoopGenerator(double eventsPerSecond, int events, int connections, int first)
{
    private int _sent;
    private int _done;
    private int _rejected;

    public long[] DueAt { get; } = new long[events];

    public long[] AcceptedAt { get; } = new long[events];

    public int Events => events;

    public int Done => Volatile.Read(ref _done);

    public int Rejected => Volatile.Read(ref _rejected);

    public int Accepted => Done - Rejected;

    /// <summary>The furthest the sender fell behind the schedule when it handed an event to the client, in ms.</summary>
    public double SenderBehindMaxMs { get; private set; }

    public long StartedAt { get; private set; }

    public long FinishedAt { get; private set; }

    public double SendSeconds => Stats.Millis(StartedAt, FinishedAt) / 1000;

    public async Task RunAsync(string urlA, string urlB, Progress progress)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var bodies = Enumerable.Range(first, events).Select(Payload.For).ToArray();
        var requests = new List<Task>(events);
        StartedAt = Stopwatch.GetTimestamp();
        var schedule = new OpenLoopSchedule(eventsPerSecond, StartedAt);
        long behind = 0;
        using (progress.Start(() => $"sent {Volatile.Read(ref _sent)}/{events} at {eventsPerSecond:F0}/s, answered {Done}"))
        {
            var next = 0;
            while (next < events)
            {
                var now = Stopwatch.GetTimestamp();
                while (next < events && schedule.DueAt(next) <= now)
                {
                    DueAt[next] = schedule.DueAt(next);
                    behind = Math.Max(behind, now - DueAt[next]);
                    requests.Add(SendAsync(http, (first + next) % 2 == 0 ? urlA : urlB, bodies[next], next));
                    next++;
                    Volatile.Write(ref _sent, next);
                }

                if (next < events)
                {
                    // Timers are coarse (about a millisecond); whatever became due meanwhile leaves on the next pass,
                    // and its latency still counts from when it was due.
                    var wait = Stats.Millis(Stopwatch.GetTimestamp(), schedule.DueAt(next));
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait)));
                }
            }

            await Task.WhenAll(requests);
        }

        FinishedAt = Stopwatch.GetTimestamp();
        SenderBehindMaxMs = Stats.Millis(0, behind);
    }

    private async Task SendAsync(HttpClient http, string url, byte[] body, int index)
    {
        if (await WebhookPost.SendAsync(http, url, body) is { } at)
        {
            AcceptedAt[index] = at;
        }
        else
        {
            Interlocked.Increment(ref _rejected);
        }

        Interlocked.Increment(ref _done);
    }
}
