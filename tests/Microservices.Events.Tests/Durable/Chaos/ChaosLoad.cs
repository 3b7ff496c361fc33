using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// The clients of the chaos run, each sending with a <see cref="RetryingSender"/> (Retry-After honoured up to 5 s,
/// connection errors retried) until it is told to stop. Relay clients send <c>{"n", "attempt"}</c> to <c>/c</c> with
/// numbers from one counter, without waiting for firings; with a rate, event n is not sent before n / rate seconds
/// after the start. Pair client K sends pair i as <c>{"n": i, "attempt"}</c> to <c>/aK</c>,
/// then to <c>/bK</c>, and waits until the sink received a firing of sensor <c>pairs-K</c> with B = i (at most
/// <see cref="PairWait"/>) before the next pair: the trigger's <c>A &amp;&amp; B</c> keeps only the latest event of
/// each dependency, so every accepted event has a firing to be in only when pairs do not overtake each other. When A = i
/// fires with another B (a B refused after it had reached the bus, and sent again, came after its own pair had
/// fired), B = i waits in the trigger for an A: the client then sends a lone A with the next number, which fires with
/// it, and goes on with the number after.
/// </summary>
public sealed class ChaosLoad : IAsyncDisposable
{
    /// <summary>How long a pair client waits for its pair's firing before it sends the next pair.</summary>
    public static readonly TimeSpan PairWait = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly RetryingSender _sender;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(int Client, int N), bool> _pairsFired = new();
    private readonly ConcurrentDictionary<(int Client, int N), int> _firedWithB = new();
    private readonly int _port;
    private readonly Task[] _clients;
    private readonly int _rate;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _next = -1;
    private int _unanswered;

    private ChaosLoad(int port, HttpSink sink, int relayClients, int pairClients, int rate)
    {
        _port = port;
        _rate = rate;
        _sender = new RetryingSender(_http, TimeSpan.FromSeconds(5));
        sink.Received += Observe;
        _clients = [
            .. Enumerable.Range(0, relayClients).Select(_ => Task.Run(RelayAsync)),
            .. Enumerable.Range(0, pairClients).Select(k => Task.Run(() => PairsAsync(k))),
        ];
    }

    /// <summary>Relay events the webhook accepted (side <c>C</c>).</summary>
    public ConcurrentQueue<SentEvent> Relayed { get; } = new();

    /// <summary>Pair events the webhook accepted (sides <c>AK</c> and <c>BK</c> for client K).</summary>
    public ConcurrentQueue<SentEvent> Paired { get; } = new();

    public int Accepted => Relayed.Count + Paired.Count;

    /// <summary>Every attempt sent for each number of each side, with its answer, in the order the answers came.</summary>
    public ConcurrentDictionary<(string Side, int N), ConcurrentQueue<SendAnswer>> Answers { get; } = new();

    /// <inheritdoc cref="RetryingSender.Refusals"/>
    public int Refusals => _sender.Refusals;

    /// <summary>Events never accepted within five minutes of attempts, and pairs whose firing did not come within <see cref="PairWait"/>.</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <param name="rate">Relay events per second, all relay clients together; 0: no limit.</param>
    public static ChaosLoad Start(int webhookPort, HttpSink sink, int relayClients, int pairClients, int rate) => new(webhookPort, sink, relayClients, pairClients, rate);

    /// <summary>The firing a sink request of the relay or of a pair trigger carries; null for any other request.</summary>
    public static Delivery? DeliveryOf(SinkRequest request)
    {
        if (!request.Headers.TryGetValue("X-Events-Firing-Id", out var firingId))
        {
            return null;
        }

        var body = JsonNode.Parse(request.Body)!;
        if (request.Path == ChaosSpecs.RelayPath)
        {
            return new Delivery(firingId, [new SentEvent("C", (int)body["n"]!, (int)body["attempt"]!)]);
        }

        return request.Path.StartsWith("/pair", StringComparison.Ordinal) && int.TryParse(request.Path["/pair".Length..], CultureInfo.InvariantCulture, out var k)
            ? new Delivery(firingId, [new SentEvent($"A{k}", (int)body["a"]!, (int)body["aa"]!), new SentEvent($"B{k}", (int)body["b"]!, (int)body["ba"]!)])
            : null;
    }

    /// <summary>Stops taking new events or pairs; what a client is sending is still sent until accepted.</summary>
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

    private void Observe(SinkRequest request)
    {
        if (request.Path != ChaosSpecs.RelayPath && DeliveryOf(request) is { } delivery)
        {
            var (a, b) = (delivery.Events[0], delivery.Events[1]);
            var client = int.Parse(b.Side[1..], CultureInfo.InvariantCulture);
            _pairsFired[(client, b.N)] = true;
            _firedWithB[(client, a.N)] = b.N;
        }
    }

    private async Task RelayAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            if (_rate > 0 && TimeSpan.FromSeconds((double)n / _rate) - _clock.Elapsed is { Ticks: > 0 } early)
            {
                await Task.Delay(early);
            }

            if (await SendAsync("c", "C", n) is { } attempt)
            {
                Relayed.Enqueue(new SentEvent("C", n, attempt));
            }
        }
    }

    private async Task PairsAsync(int client)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            await SendPairEventAsync(client, "a", i);
            await SendPairEventAsync(client, "b", i);
            var n = i;
            var fired = await Eventually.HoldsAsync(() => _pairsFired.ContainsKey((client, n)) || (_firedWithB.TryGetValue((client, n), out var b) && b != n), PairWait);
            if (fired && !_pairsFired.ContainsKey((client, n)))
            {
                i++;
                await SendPairEventAsync(client, "a", i);
                fired = await Eventually.HoldsAsync(() => _pairsFired.ContainsKey((client, n)), PairWait);
            }

            if (!fired)
            {
                Interlocked.Increment(ref _unanswered);
            }
        }
    }

    private async Task SendPairEventAsync(int client, string dependency, int n)
    {
        var side = $"{dependency.ToUpperInvariant()}{client.ToString(CultureInfo.InvariantCulture)}";
        if (await SendAsync($"{dependency}{client.ToString(CultureInfo.InvariantCulture)}", side, n) is { } attempt)
        {
            Paired.Enqueue(new SentEvent(side, n, attempt));
        }
    }

    private async Task<int?> SendAsync(string endpoint, string side, int n)
    {
        var answers = Answers.GetOrAdd((side, n), _ => new ConcurrentQueue<SendAnswer>());
        var attempt = await _sender.SendAsync($"http://127.0.0.1:{_port}/{endpoint}", a => $$"""{"n": {{n}}, "attempt": {{a}}}""", GiveUpAfter, answers.Enqueue);
        if (attempt is null)
        {
            Interlocked.Increment(ref _unanswered);
        }

        return attempt;
    }
}
