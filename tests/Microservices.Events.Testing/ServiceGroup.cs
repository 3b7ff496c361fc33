namespace Microservices.Events.Testing;

/// <summary>
/// The four published services (<see cref="PublishedServices.All"/>) started one after another as processes of their own,
/// each logging to <c>name.log</c> in one folder; killed together on disposal.
/// </summary>
public sealed class ServiceGroup : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly string _publishRoot;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logDirectory;

    private ServiceGroup(string publishRoot, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        _publishRoot = publishRoot;
        _environment = environment;
        _logDirectory = logDirectory;
    }

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    public ServiceProcess this[string name] => _processes.Single(p => p.Name == name);

    /// <summary>The end of every service's log.</summary>
    public string LogTails => string.Join("\n", _processes.Select(p => $"===== {p.Name} (end)\n{p.LogTail}"));

    /// <summary>Every service's whole log.</summary>
    public string Logs => string.Join("\n", _processes.Select(p => $"===== {p.Name}\n{p.Log}"));

    /// <summary>Starts each service with <paramref name="environment"/> and waits until it is healthy before the next.</summary>
    /// <param name="starting">Told the name of each service before it starts.</param>
    public static async Task<ServiceGroup> StartAsync(string publishRoot, IReadOnlyDictionary<string, string> environment, string logDirectory, TimeSpan timeout, Action<string>? starting = null)
    {
        Directory.CreateDirectory(logDirectory);
        var group = new ServiceGroup(publishRoot, environment, logDirectory);
        try
        {
            foreach (var (name, dll) in PublishedServices.All)
            {
                starting?.Invoke(name);
                var process = new ServiceProcess(name, Path.Combine(publishRoot, name, dll), environment, Path.Combine(logDirectory, $"{name}.log"));
                group._processes.Add(process);
                await process.StartAsync(timeout);
            }
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }

        return group;
    }

    /// <summary>
    /// Starts one more process of <paramref name="service"/> with the same settings (its own HTTP port, log
    /// <c>name-N.log</c>), named <c>name-N</c> for its Nth process, and waits until it is healthy: a replica beside the
    /// first, sharing its queues and database.
    /// </summary>
    public async Task<ServiceProcess> AddReplicaAsync(string service, TimeSpan timeout)
    {
        var dll = PublishedServices.All.Single(s => s.Name == service).Dll;
        var name = $"{service}-{_processes.Count(p => p.Name == service || p.Name.StartsWith($"{service}-", StringComparison.Ordinal)) + 1}";
        var process = new ServiceProcess(name, Path.Combine(_publishRoot, service, dll), _environment, Path.Combine(_logDirectory, $"{name}.log"));
        _processes.Add(process);
        await process.StartAsync(timeout);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }
}
