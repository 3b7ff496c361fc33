using System.Diagnostics;

namespace Microservices.Events.Bench;

/// <summary>
/// POSTs events numbered <c>first</c>..<c>first</c>+N-1 with at most <c>concurrency</c> requests in flight; even numbers
/// go to <c>urlA</c>, odd to <c>urlB</c>. Records for every accepted (200) event the moment the answer arrived
/// (<see cref="AcceptedAt"/> is indexed from 0, i.e. by number - <c>first</c>).
/// </summary>
public sealed class LoadGenerator(int events, int concurrency, int first = 0)
{
    private int _next = -1;
    private int _done;
    private int _rejected;

    public long[] AcceptedAt { get; } = new long[events];

    public int Done => Volatile.Read(ref _done);

    public int Rejected => Volatile.Read(ref _rejected);

    public int Accepted => Done - Rejected;

    public long StartedAt { get; private set; }

    public long FinishedAt { get; private set; }

    public async Task RunAsync(string urlA, string urlB, Progress progress)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var bodies = Enumerable.Range(first, events).Select(Payload.For).ToArray();
        StartedAt = Stopwatch.GetTimestamp();
        using var ticker = progress.Start(() => $"sent {Done}/{events}");
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref _next)) < events)
            {
                if (await WebhookPost.SendAsync(http, (first + n) % 2 == 0 ? urlA : urlB, bodies[n]) is { } at)
                {
                    AcceptedAt[n] = at;
                }
                else
                {
                    Interlocked.Increment(ref _rejected);
                }

                Interlocked.Increment(ref _done);
            }
        })));
        FinishedAt = Stopwatch.GetTimestamp();
    }

    public double SendSeconds => Stats.Millis(StartedAt, FinishedAt) / 1000;
}
