using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microservices.Events.Tests.Telemetry;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The shipped dashboards and alert rules against a real Prometheus (Debian's 2.42) scraping the four services and
/// RabbitMQ while events flow, a failing trigger among them: every panel query parses and returns data, every query
/// that returns nothing names only metrics Prometheus has, every alert expression parses and its rule evaluates.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DashboardsAndAlertsTests(DurableInfrastructure infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private HttpSink _sink = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sink.DisposeAsync();
    }

    private string Sensors() => TestManifests.Documents(
        DurableSpecs.Sensors(_sink.BaseUrl),
        TestManifests.Sensor("failing", [new("C", "hooks", "c")],
            new TestManifests.HttpTrigger("broken", null, "http://127.0.0.1:1/closed", [new("C", "body.n", "n")])));

    private string PrometheusConfiguration(DurableCluster cluster)
    {
        var config = new StringBuilder();
        config.AppendLine("global: {scrape_interval: 1s, evaluation_interval: 1s}");
        config.AppendLine(CultureInfo.InvariantCulture, $"rule_files: [\"{DashboardQueries.AlertsFile}\"]");
        config.AppendLine("scrape_configs:");
        foreach (var process in cluster.Processes)
        {
            // The job names the dashboards and rules select, as docker-compose's Prometheus names them.
            config.AppendLine(CultureInfo.InvariantCulture, $"  - {{job_name: microservices-events-{process.Name}, static_configs: [{{targets: [\"127.0.0.1:{process.HttpPort}\"]}}]}}");
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"  - {{job_name: rabbitmq, metrics_path: /metrics/per-object, static_configs: [{{targets: [\"127.0.0.1:{infrastructure.RabbitPrometheusPort}\"]}}]}}");
        return config.ToString();
    }

    private async Task FlowAsync(DurableCluster cluster, CancellationToken stop)
    {
        var hooks = $"http://127.0.0.1:{cluster.WebhookPort}";
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"{hooks}/c", stop)).StatusCode);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                foreach (var path in (string[])["/a", "/b", "/c"])
                {
                    await _http.PostAsync($"{hooks}{path}", new StringContent($$"""{"pair": {{i}}, "n": {{i}}}""", Encoding.UTF8, "application/json"), stop);
                }

                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static bool HasData(JsonElement answer) =>
        answer.GetProperty("status").GetString() == "success"
        && answer.GetProperty("data").GetProperty("result").EnumerateArray()
            .Any(r => r.GetProperty("value")[1].GetString() is not ("NaN" or "+Inf" or "-Inf"));

    [Fact]
    public async Task Every_dashboard_query_returns_data_and_every_alert_evaluates_on_a_real_Prometheus()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var cluster = await DurableCluster.StartAsync(infrastructure, "observability", null, ("hooks.yaml", DurableSpecs.EventSource), ("sensors.yaml", Sensors()));
        PrometheusTestServer prometheus;
        try
        {
            prometheus = await PrometheusTestServer.StartAsync(PrometheusConfiguration(cluster));
        }
        catch (Exception ex) when (!RepoPaths.IsCi)
        {
            output.WriteLine($"skipped: Prometheus could not be started: {ex.Message}");
            return;
        }

        await using var _ = prometheus;
        using var stop = new CancellationTokenSource();
        var flow = Task.Run(() => FlowAsync(cluster, stop.Token));
        try
        {
            // Five targets up, firings succeeded and failed within the last minute, and every rule evaluated.
            var flowing = await Eventually.HoldsAsync(async () =>
                    HasData(await prometheus.QueryAsync("count(up{job=~\"microservices-events-.*|rabbitmq\"} == 1) == 5"))
                    && HasData(await prometheus.QueryAsync("sum(increase(argo_events_action_retries_failed_total{sensor_name=\"failing\"}[1m])) > 0"))
                    && HasData(await prometheus.QueryAsync("sum(increase(argo_events_action_triggered_total{sensor_name=\"pairs\"}[1m])) > 0")),
                    TimeSpan.FromSeconds(120));
            Assert.True(flowing, $"Prometheus did not see events flow; its targets: {await prometheus.GetAsync("/api/v1/targets")}\n{cluster.LogTails}");

            // Ten more scrapes of every target while events go on flowing: a rate needs two samples of a series in its window.
            await Task.Delay(TimeSpan.FromSeconds(10));

            var names = await prometheus.MetricNamesAsync();
            var failures = new List<string>();
            var queries = DashboardQueries.FromDashboards();
            foreach (var panel in queries.GroupBy(q => (q.Dashboard, q.Panel)))
            {
                var withData = 0;
                var answers = new List<string>();
                foreach (var query in panel)
                {
                    var answer = await prometheus.QueryAsync(query.Expr);
                    if (answer.GetProperty("status").GetString() != "success")
                    {
                        failures.Add($"{query.Dashboard} / {query.Panel} / {query.RefId}: {answer.GetProperty("error").GetString()}: {query.Expr}");
                        continue;
                    }

                    answers.Add($"{query.Expr} -> {answer.GetProperty("data").GetProperty("result")}");
                    if (HasData(answer))
                    {
                        withData++;
                    }
                    else if (DashboardQueries.MetricNames(query.Expr).Where(n => !names.Contains(n)).ToList() is { Count: > 0 } unknown)
                    {
                        failures.Add($"{query.Dashboard} / {query.Panel} / {query.RefId}: no data, and Prometheus has no {string.Join(", ", unknown)}: {query.Expr}");
                    }
                }

                if (withData == 0)
                {
                    failures.Add($"{panel.Key.Dashboard} / {panel.Key.Panel}: no query returned data: {string.Join("; ", answers)}");
                }
            }

            // The rule file's alerts are loaded into Prometheus; the chart template's own (EventsNoneSent) is evaluated too.
            var alerts = DashboardQueries.FromAlerts();
            foreach (var alert in alerts.Concat(DashboardQueries.FromRuleTemplate()))
            {
                var answer = await prometheus.QueryAsync(alert.Expr);
                if (answer.GetProperty("status").GetString() != "success")
                {
                    failures.Add($"alert {alert.Name}: {answer.GetProperty("error").GetString()}");
                }

                if (DashboardQueries.MetricNames(alert.Expr).Where(n => !names.Contains(n)).ToList() is { Count: > 0 } unknown)
                {
                    failures.Add($"alert {alert.Name}: Prometheus has no {string.Join(", ", unknown)}");
                }
            }

            var rules = (await prometheus.GetAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(alerts.Select(a => a.Name).Order(StringComparer.Ordinal), rules.Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            failures.AddRange(rules.Where(r => r.GetProperty("health").GetString() != "ok")
                .Select(r => $"rule {r.GetProperty("name").GetString()}: health {r.GetProperty("health").GetString()} {(r.TryGetProperty("lastError", out var e) ? e.GetString() : "")}"));

            output.WriteLine($"{queries.Count} panel queries of {queries.Select(q => (q.Dashboard, q.Panel)).Distinct().Count()} panels in {queries.Select(q => q.Dashboard).Distinct().Count()} dashboards, {alerts.Count} alerts of the rule file and {DashboardQueries.FromRuleTemplate().Count} of the chart template, {names.Count} metric names in Prometheus");
            if (failures.Count > 0)
            {
                output.WriteLine($"targets: {await prometheus.GetAsync("/api/v1/targets")}");
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            await stop.CancelAsync();
            await flow;
        }
    }
}
