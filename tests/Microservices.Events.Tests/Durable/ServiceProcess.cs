using System.Diagnostics;
using System.Net;

namespace Microservices.Events.Tests.Durable;

/// <summary>One published service running as its own OS process, with its output captured to a log file.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logFile;
    private Process? _process;

    public ServiceProcess(string name, string dll, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        _dll = dll;
        HttpPort = httpPort;
        _environment = environment;
        _logFile = Path.Combine(logDirectory, $"{name}.log");
    }

    public string Name { get; }

    public int HttpPort { get; }

    public string Log => File.Exists(_logFile) ? File.ReadAllText(_logFile) : "";

    /// <summary>The last lines of the log (a busy run writes megabytes).</summary>
    public string LogTail => Tail(Log);

    public async Task StartAsync(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}";
        start.Environment["DOTNET_gcServer"] = "0";
        var log = new StreamWriter(_logFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"---- start {DateTimeOffset.UtcNow:O}");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Name}");
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(timeout);
    }

    /// <summary>SIGKILL: no shutdown hooks, no acknowledgements, in-flight work is cut off.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>The status <c>/health</c> answers now (null when the process does not answer at all).</summary>
    public async Task<HttpStatusCode?> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync($"http://127.0.0.1:{HttpPort}/health")).StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail(Log)}");
            }

            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout}:\n{Tail(Log)}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
