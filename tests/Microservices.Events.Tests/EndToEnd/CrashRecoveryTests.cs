using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary><c>events run</c> as a real process killed with SIGKILL: what it saved is there when it starts again.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [Fact]
    public async Task Correlation_state_saved_before_a_kill_9_is_used_after_the_restart()
    {
        var webhookPort = FreePort.Next();
        using var specs = new TempSpecs(("webhook.yaml", EventSource(webhookPort)), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using (var crashed = await EventsProcess.StartAsync(specs.Directory, state.Path))
        {
            var response = await http.PostAsync($"http://127.0.0.1:{webhookPort}/first", Json("""{"message":"before the crash"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(await Eventually.HoldsAsync(() => SagaData(state).Contains("before the crash", StringComparison.Ordinal), TimeSpan.FromSeconds(20)),
                "the first event was not saved");
            crashed.Kill();
        }

        using var restarted = await EventsProcess.StartAsync(specs.Directory, state.Path);
        var second = await http.PostAsync($"http://127.0.0.1:{webhookPort}/second", Json("""{"message":"after the restart"}"""));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/joined"), TimeSpan.FromSeconds(20)), "the AND trigger did not fire after the restart:\n" + restarted.Output);
        var joined = Assert.Single(_sink.Requests, r => r.Path == "/joined");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":"before the crash","second":"after the restart"}"""), JsonNode.Parse(joined.Body)), joined.Body);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The saved saga rows as text, read beside the running process (WAL lets a reader in).</summary>
    private static string SagaData(TempStateFile state)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={state.Path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(data) FROM saga_trigger_correlation_state";
            return command.ExecuteScalar() as string ?? "";
        }
        catch (SqliteException)
        {
            return "";
        }
    }

    private static string EventSource(int port) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: webhook}
        spec:
          webhook:
            first: {port: "{{port}}", endpoint: /first, method: POST}
            second: {port: "{{port}}", endpoint: /second, method: POST}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: both}
        spec:
          dependencies:
            - {name: first, eventSourceName: webhook, eventName: first}
            - {name: second, eventSourceName: webhook, eventName: second}
          triggers:
            - template:
                name: joined
                conditions: "first && second"
                http:
                  url: {{_sink.BaseUrl}}/joined
                  payload:
                    - src: {dependencyName: first, dataKey: body.message}
                      dest: first
                    - src: {dependencyName: second, dataKey: body.message}
                      dest: second
        """;

    /// <summary>The built <c>events</c> CLI running <c>events run</c> in a child process.</summary>
    private sealed class EventsProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private EventsProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<EventsProcess> StartAsync(string specs, string stateFile)
        {
            var start = new ProcessStartInfo("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "events.dll"), "run", "--specs", specs, "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--state", stateFile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(stateFile)!,
            };
            var process = new EventsProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start events run"));
            process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
            process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
            process._process.BeginOutputReadLine();
            process._process.BeginErrorReadLine();
            if (!await Eventually.HoldsAsync(() => process.Output.Contains("Send an event", StringComparison.Ordinal) || process._process.HasExited, TimeSpan.FromSeconds(60))
                || process._process.HasExited)
            {
                var output = process.Output;
                process.Dispose();
                Assert.Fail("events run did not start:\n" + output);
            }

            return process;
        }

        /// <summary>SIGKILL: no shutdown, no flush, like <c>kill -9</c>.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
