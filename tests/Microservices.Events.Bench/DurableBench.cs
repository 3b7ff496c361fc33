using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>
/// The four published services as separate processes on RabbitMQ and PostgreSQL: Release builds from
/// <c>BENCH_PUBLISH_DIR</c> (what <c>make bench</c> publishes), else artifacts/publish.
/// </summary>
public static class DurableBench
{
    private static readonly (string Name, string Dll)[] Services =
    [
        ("bus-gateway", "Microservices.Events.BusGateway.dll"),
        ("sensor-state", "Microservices.Events.SensorState.dll"),
        ("trigger-dispatch", "Microservices.Events.TriggerDispatch.dll"),
        ("ingress", "Microservices.Events.Ingress.dll"),
    ];

    public static string PublishRoot() =>
        Path.GetFullPath(Environment.GetEnvironmentVariable("BENCH_PUBLISH_DIR") is { Length: > 0 } published ? published : Path.Combine("artifacts", "publish"));

    public static async Task<(BenchResult Result, IReadOnlyList<TimingRow> Timing)> RunAsync(BenchOptions options, DurableInfra infra, string vhost)
    {
        var root = PublishRoot();
        var logs = Path.GetFullPath(Path.Combine("artifacts", "bench", "logs"));
        Directory.CreateDirectory(logs);
        var work = Directory.CreateTempSubdirectory("events-bench-durable-").FullName;
        var processes = new List<ServiceProcess>();
        try
        {
            await using var sink = await HttpSink.StartAsync();
            var arrivals = Arrival.Record(sink);
            var webhookPort = FreePort.Next();
            BenchSpecs.Write(work, webhookPort, sink.BaseUrl);
            var database = await infra.CreateDatabaseAsync(vhost);
            var environment = new Dictionary<string, string>
            {
                ["Bus__Transport"] = "RabbitMq",
                ["Bus__RabbitMq__Host"] = "127.0.0.1",
                ["Bus__RabbitMq__Port"] = infra.RabbitPort.ToString(CultureInfo.InvariantCulture),
                ["Bus__RabbitMq__VirtualHost"] = vhost,
                ["State__Provider"] = "Postgres",
                ["ConnectionStrings__State"] = database,
                ["Specs__Directory"] = work,
                ["Ingress__WebhookBindAddress"] = "127.0.0.1",
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_gcServer"] = "0",
            };
            var progress = new Progress("durable");
            foreach (var (name, dll) in Services)
            {
                var path = Path.Combine(root, name, dll);
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"{path} is missing: run `make bench` (it publishes the services)");
                }

                progress.Say($"starting {name}");
                var process = new ServiceProcess(name, path, environment, Path.Combine(logs, $"{name}.log"));
                processes.Add(process);
                await process.StartAsync();
            }

            await EmbeddedBench.WaitForWebhookAsync($"http://127.0.0.1:{webhookPort}/a");
            var sensorState = processes.Single(p => p.Name == "sensor-state");
            var result = await PipelineRun.RunAsync("durable", options, $"http://127.0.0.1:{webhookPort}", arrivals, TimeSpan.FromSeconds(30),
                async () => TimingProfile.SagaMessages(await sensorState.MetricsAsync()));
            var timing = new List<TimingRow>();
            foreach (var process in processes)
            {
                var metrics = await process.MetricsAsync();
                await File.WriteAllTextAsync(Path.Combine(logs, $"{process.Name}.metrics"), metrics);
                timing.AddRange(TimingProfile.Parse(process.Name, metrics));
            }

            return (result, timing);
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
            Directory.Delete(work, recursive: true);
        }
    }
}
