using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// Webhook clients that keep sending until stopped, as a careful producer would: every event is retried on 503 (after
/// its Retry-After, at most one second here) and on connection errors until it is accepted. Event <c>n</c> goes to
/// <c>/a</c> when <c>n % 6</c> is 4, to <c>/b</c> when it is 5 and to <c>/c</c> otherwise, with the body
/// <c>{"n": n, "pair": n}</c>.
/// </summary>
public sealed class RetryingLoad : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private readonly int _port;
    private int _next;
    private int _refusals;

    private RetryingLoad(int port, int clients, int first)
    {
        _port = port;
        _next = first - 1;
        _clients = Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)).ToArray();
    }

    /// <summary>Accepted events by number, with the time the webhook answered 200.</summary>
    public ConcurrentDictionary<int, DateTimeOffset> Accepted { get; } = new();

    /// <summary>Answers other than 200 and connection errors, each followed by a retry of the same event.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    public static string PathOf(int n) => (n % 6) switch { 4 => "/a", 5 => "/b", _ => "/c" };

    /// <summary>Starts <paramref name="clients"/> clients numbering events from <paramref name="first"/>.</summary>
    public static RetryingLoad Start(int webhookPort, int clients, int first = 0) => new(webhookPort, clients, first);

    /// <summary>Stops taking new events; an event already being sent is still retried until accepted.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ClientAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            await SendUntilAcceptedAsync(n);
        }
    }

    private async Task SendUntilAcceptedAsync(int n)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var wait = TimeSpan.FromMilliseconds(200);
            try
            {
                using var response = await _http.PostAsync($"http://127.0.0.1:{_port}{PathOf(n)}", new StringContent($$"""{"n": {{n}}, "pair": {{n}}}""", Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Accepted[n] = DateTimeOffset.UtcNow;
                    return;
                }

                if (response.Headers.RetryAfter?.Delta is { } delta)
                {
                    wait = delta < TimeSpan.FromSeconds(1) ? delta : TimeSpan.FromSeconds(1);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            Interlocked.Increment(ref _refusals);
            await Task.Delay(wait);
        }
    }
}
