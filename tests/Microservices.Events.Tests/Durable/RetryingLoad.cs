using System.Collections.Concurrent;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// Webhook clients that keep sending until stopped, as a careful producer would (<see cref="RetryingSender"/>): every
/// event is retried on 503 (after its Retry-After, at most one second here) and on connection errors until it is accepted. Event <c>n</c> goes to
/// <c>/a</c> when <c>n % 6</c> is 4, to <c>/b</c> when it is 5 and to <c>/c</c> otherwise, with the body
/// <c>{"n": n, "pair": n}</c>.
/// </summary>
public sealed class RetryingLoad : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private readonly int _port;
    private readonly RetryingSender _sender;
    private int _next;

    private RetryingLoad(int port, int clients, int first)
    {
        _port = port;
        _sender = new RetryingSender(_http, TimeSpan.FromSeconds(1));
        _next = first - 1;
        _clients = Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)).ToArray();
    }

    /// <summary>Accepted events by number, with the time the webhook answered 200.</summary>
    public ConcurrentDictionary<int, DateTimeOffset> Accepted { get; } = new();

    /// <summary>Answers other than 200 and connection errors, each followed by a retry of the same event.</summary>
    public int Refusals => _sender.Refusals;

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
        var accepted = await _sender.SendAsync($"http://127.0.0.1:{_port}{PathOf(n)}", _ => $$"""{"n": {{n}}, "pair": {{n}}}""", TimeSpan.FromMinutes(3));
        if (accepted is not null)
        {
            Accepted[n] = DateTimeOffset.UtcNow;
        }
    }
}
