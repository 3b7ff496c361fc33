namespace Microservices.Events.Testing;

/// <summary>
/// The four published services (<see cref="PublishedServices.All"/>) started one after another as processes of their own,
/// each logging to <c>name.log</c> in one folder; killed together on disposal.
/// </summary>
public sealed class ServiceGroup : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    private ServiceGroup()
    {
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
        var group = new ServiceGroup();
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

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }
}
