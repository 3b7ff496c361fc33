using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The sink of <see cref="DurableSpecs"/>' sensors, with the number of every relay event it received (calls to
/// <c>/each</c>, body <c>{"n": …}</c>), for tests that check that each accepted event fired.
/// </summary>
public sealed class RelaySink : IAsyncDisposable
{
    private RelaySink(HttpSink sink)
    {
        Sink = sink;
        sink.Received += r =>
        {
            if (r.Path == "/each")
            {
                Fired[(int)JsonNode.Parse(r.Body)!["n"]!] = true;
            }
        };
    }

    public HttpSink Sink { get; }

    /// <summary>The numbers of the relay events that fired.</summary>
    public ConcurrentDictionary<int, bool> Fired { get; } = new();

    public static async Task<RelaySink> StartAsync() => new(await HttpSink.StartAsync());

    public ValueTask DisposeAsync() => Sink.DisposeAsync();
}
