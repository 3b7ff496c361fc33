using System.Diagnostics;
using System.Net;

namespace Microservices.Events.Bench;

/// <summary>One published service as its own process (<c>dotnet X.dll</c>), output appended to a log file.</summary>
public sealed class ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string> environment, string logFile) : IDisposable
{
    private readonly int _port = FreePort.Next();
    private Process? _process;

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}";
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {name}");
        _process.OutputDataReceived += (_, e) => Append(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode}; see {logFile}");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{_port}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
        }

        throw new TimeoutException($"{name} was not healthy within 90 s; see {logFile}");
    }

    /// <summary>The service's Prometheus text (<c>/metrics</c>), for the timing profile written beside the logs.</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{_port}/metrics");
    }

    public string Name => name;

    /// <summary>Resident set size of the process (VmRSS in /proc; 0 where there is none).</summary>
    public long ResidentBytes()
    {
        var status = $"/proc/{_process?.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
