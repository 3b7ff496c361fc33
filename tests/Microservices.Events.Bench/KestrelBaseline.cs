namespace Microservices.Events.Bench;

/// <summary>A bare Kestrel endpoint that reads the POST body and answers 200, under the same load generator.</summary>
public static class KestrelBaseline
{
    public static async Task<BenchResult> RunAsync(BenchOptions options)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/{name}", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.StartAsync();
        if (options.Warmup > 0)
        {
            await new LoadGenerator(options.Warmup, options.Concurrency, BenchOptions.WarmupFirst).RunAsync($"{url}/a", $"{url}/b", new Progress("kestrel warm-up"));
        }

        var load = new LoadGenerator(options.Events, options.Concurrency);
        await load.RunAsync($"{url}/a", $"{url}/b", new Progress("kestrel"));
        await app.StopAsync();
        return new BenchResult("kestrel baseline", options.Events, load.Accepted, load.Rejected, load.SendSeconds, load.Accepted / load.SendSeconds,
            null, null, null, null, null, null, "POST answered 200, no work");
    }
}
