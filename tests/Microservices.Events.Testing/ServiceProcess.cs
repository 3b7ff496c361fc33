using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Microservices.Events.Testing;

/// <summary>
/// One published service (<c>dotnet X.dll</c>) as its own OS process on a loopback port, its output appended to a log
/// file. Started until <c>/health</c> answers 200; can be killed and started again; killed on disposal.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLength = 4000;

    /// <summary>The variable that picks the garbage collector; see <see cref="Apply"/> for its value here.</summary>
    public const string GcServerVariable = "DOTNET_gcServer";

    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    /// <param name="environment">Settings as environment variables, set as <see cref="Apply"/> says.</param>
    /// <param name="httpPort">The port of <c>/health</c> and <c>/metrics</c>; a free one when not given.</param>
    public ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string> environment, string logFile, int? httpPort = null)
    {
        Name = name;
        _dll = dll;
        _environment = environment;
        LogFile = logFile;
        HttpPort = httpPort ?? FreePort.Next();
    }

    public string Name { get; }

    /// <summary>
    /// Sets a service's variables over <paramref name="environment"/> (this process's, as a new process inherits them):
    /// <c>DOTNET_gcServer</c> 0 (the workstation GC, for a machine running many services in tests), then
    /// <paramref name="settings"/>; a <c>DOTNET_gcServer</c> they give as an empty value is left out, so the service's
    /// runtimeconfig.json decides (server GC, as shipped).
    /// </summary>
    public static void Apply(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string> settings)
    {
        environment[GcServerVariable] = "0";
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        if (environment.TryGetValue(GcServerVariable, out var gc) && gc == "")
        {
            environment.Remove(GcServerVariable);
        }
    }

    public int HttpPort { get; }

    public string LogFile { get; }

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>The last lines of the log (a busy run writes megabytes).</summary>
    public string LogTail => Tail(Log);

    /// <summary>Starts the process (again, after <see cref="Kill"/>) and waits until it is healthy.</summary>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    /// <exception cref="TimeoutException">It was not healthy within <paramref name="timeout"/>.</exception>
    public async Task StartAsync(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        Apply(start.Environment, _environment);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}";
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
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

    /// <summary>
    /// The process's async call stacks (<c>dotnet-dump collect</c>, then <c>analyze</c> with <c>dumpasync</c>), written
    /// beside its log as <c>&lt;log&gt;.dumpasync-&lt;time&gt;.txt</c>, for a process about to be killed because it stopped
    /// working; the dump itself is deleted. Returns that file, or why there is none (no <c>dotnet-dump</c>, it failed).
    /// </summary>
    public async Task<string> SaveAsyncStacksAsync()
    {
        var tool = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-dump") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet-dump")))
            .FirstOrDefault(File.Exists);
        if (tool is null || _process is not { HasExited: false } running)
        {
            return tool is null ? "no dotnet-dump" : "not running";
        }

        var stamp = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var dump = $"{LogFile}.{stamp}.dmp";
        var text = $"{LogFile}.dumpasync-{stamp}.txt";
        try
        {
            var collected = await RunToolAsync(tool, ["collect", "-p", running.Id.ToString(CultureInfo.InvariantCulture), "-o", dump], TimeSpan.FromSeconds(60));
            if (!File.Exists(dump))
            {
                return $"dotnet-dump collect failed: {collected}";
            }

            var analysed = await RunToolAsync(tool, ["analyze", dump, "-c", "dumpasync", "-c", "exit"], TimeSpan.FromSeconds(180));
            await File.WriteAllTextAsync(text, analysed);
            return text;
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> RunToolAsync(string tool, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(tool, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        return await output + await error;
    }

    /// <summary>SIGSTOP: the process stops running (it keeps its connections) until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        var pid = _process is { HasExited: false } running ? running.Id : throw new InvalidOperationException($"{Name} is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot signal {Name}");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {pid} ({Name}) exited with {kill.ExitCode}");
        }
    }

    /// <summary>The status <c>/health</c> answers now (null when the process does not answer at all).</summary>
    public Task<HttpStatusCode?> HealthAsync() => HealthAsync(TimeSpan.FromSeconds(5));

    /// <summary>The status <c>/alive</c> (liveness) answers now (null when the process does not answer at all).</summary>
    public Task<HttpStatusCode?> AliveAsync() => StatusAsync("/alive", TimeSpan.FromSeconds(5));

    /// <summary>The body <c>/health</c> answers now (<c>Healthy</c>, <c>Degraded</c>, …); null when the process does not answer.</summary>
    public async Task<string?> HealthStatusAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/health")).Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The service's Prometheus text (<c>/metrics</c>).</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/metrics");
    }

    /// <summary>Resident set size of the process (VmRSS in /proc; 0 where there is none).</summary>
    public long ResidentBytes()
    {
        var status = $"/proc/{_process?.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>CPU time (user and system) the process has used so far; zero once it has exited or before it started.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            _process?.Refresh();
            return _process is { HasExited: false } running ? running.TotalProcessorTime : TimeSpan.Zero;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                var log = Log;
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}{CauseIn(log)} (log {LogFile}):\n{Tail(log)}");
            }

            if (await HealthAsync(TimeSpan.FromSeconds(2)) == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout} (log {LogFile}):\n{LogTail}");
    }

    private Task<HttpStatusCode?> HealthAsync(TimeSpan requestTimeout) => StatusAsync("/health", requestTimeout);

    private async Task<HttpStatusCode?> StatusAsync(string path, TimeSpan requestTimeout)
    {
        using var http = new HttpClient { Timeout = requestTimeout };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}{path}");
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
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

    private static string Tail(string text) => text.Length > TailLength ? text[^TailLength..] : text;

    /// <summary>
    /// The first line of the exception a process died of (<c>Unhandled exception. …</c>), as <c>: …</c>; empty when
    /// the log holds none. It comes first in the failure, as a summary cut to a few hundred characters keeps only that.
    /// </summary>
    public static string CauseIn(string log)
    {
        var at = log.IndexOf("Unhandled exception.", StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var end = log.IndexOf('\n', at);
        return $": {log[at..(end < 0 ? log.Length : end)].TrimEnd()}";
    }
}
