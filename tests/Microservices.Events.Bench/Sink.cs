using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Microservices.Events.Bench;

/// <summary>A minimal Kestrel endpoint the HTTP triggers call: records path, firing id, payload numbers and arrival time.</summary>
public sealed class Sink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Sink(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    public static async Task<Sink> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new Sink(app, url);
        app.MapPost("/{trigger}", async (string trigger, HttpRequest request) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var json = await JsonDocument.ParseAsync(request.Body);
            sink.Arrivals.Enqueue(new Arrival(trigger, request.Headers["X-Events-Firing-Id"].ToString(), Number(json, "n"), Number(json, "a"), Number(json, "b"), at));
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int Number(JsonDocument json, string name) =>
        json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : -1;
}

public sealed record Arrival(string Trigger, string FiringId, int N, int A, int B, long At);
