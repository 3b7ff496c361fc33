using Microservices.Events.Cli;

namespace Microservices.Events.Bench;

/// <summary>All four services in this process on the in-memory bus (as <c>events run</c>), state in a fresh SQLite file.</summary>
public static class EmbeddedBench
{
    public static async Task<(BenchResult Result, OpenLoopResult? OpenLoop)> RunAsync(BenchOptions options)
    {
        var work = Directory.CreateTempSubdirectory("events-bench-").FullName;
        try
        {
            await using var sink = await HttpSink.StartAsync();
            var arrivals = Arrival.Record(sink);
            var webhookPort = FreePort.Next();
            BenchSpecs.Write(Path.Combine(work, "specs"), webhookPort, sink.BaseUrl);
            var builder = EmbeddedHost.CreateBuilder(Path.Combine(work, "specs"), $"http://127.0.0.1:{FreePort.Next()}",
                args: options.StateInMemory ? ["--State:Provider=InMemory"] : null,
                stateFile: options.StateInMemory ? null : Path.Combine(work, "events.db"));
            builder.Configuration["Ingress:WebhookBindAddress"] = "127.0.0.1";
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microservices.Events", LogLevel.Warning);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            var app = EmbeddedHost.Build(builder);
            await app.StartAsync();
            await WaitForWebhookAsync($"http://127.0.0.1:{webhookPort}/a");
            var result = await PipelineRun.RunAsync("embedded" + options.StateSuffix, options, $"http://127.0.0.1:{webhookPort}", arrivals, TimeSpan.FromSeconds(20));
            var openLoop = options.SkipOpenLoop
                ? null
                : await OpenLoopRun.RunAsync("embedded" + options.StateSuffix, options, result.PerSecond, $"http://127.0.0.1:{webhookPort}", arrivals, TimeSpan.FromSeconds(20));
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var stopped = app.StopAsync(stopping.Token);
            if (await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(15))) != stopped)
            {
                Console.Error.WriteLine("  [embedded] host did not stop within 15 s (work still queued); moving on");
            }

            return (result, openLoop);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Waits until the webhook port answers at all (specs load after start).</summary>
    public static async Task WaitForWebhookAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await http.GetAsync(url);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{url} never answered");
    }
}
