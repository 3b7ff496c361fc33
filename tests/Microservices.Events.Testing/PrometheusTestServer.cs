using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Microservices.Events.Testing;

/// <summary>
/// A throw-away Debian Prometheus (2.42) on a free loopback port, started with <c>scripts/prometheus-test.sh</c> (which
/// installs it when missing) from a configuration written here, stopped and deleted on disposal; and its HTTP API.
/// </summary>
public sealed class PrometheusTestServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusTestServer(string directory, string url)
    {
        _directory = directory;
        Url = url;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Url { get; }

    /// <summary>Starts Prometheus with <paramref name="configuration"/> (a prometheus.yml); files it names must exist.</summary>
    public static async Task<PrometheusTestServer> StartAsync(string configuration)
    {
        var directory = Directory.CreateTempSubdirectory("events-prometheus-").FullName;
        try
        {
            var config = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, configuration);
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            var output = await ExternalCommand.ScriptAsync("prometheus-test.sh", "start", Path.Combine(directory, "server"), port, config);
            return new PrometheusTestServer(directory, output.Trim().Split('\n')[^1]);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>An instant query now: Prometheus' answer (<c>status</c>, <c>data.result</c> or <c>error</c>) whatever its HTTP status.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every metric name Prometheus has stored.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync()
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values");
        return answer.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The <c>data</c> of an API GET, e.g. <c>/api/v1/rules</c> or <c>/api/v1/targets</c>.</summary>
    public async Task<JsonElement> GetAsync(string path) =>
        (await _http.GetFromJsonAsync<JsonElement>(path)).GetProperty("data");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await ExternalCommand.ScriptAsync("prometheus-test.sh", "stop", Path.Combine(_directory, "server"));
        }
        finally
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
