namespace Microservices.Events.Bench;

/// <summary>
/// The CPU time of server processes on this machine (name, process id, each read with its children), taken at the
/// start of a span and turned into CPU milliseconds per event at its end. A server whose tree cannot be read at
/// either end is left out.
/// </summary>
public sealed class ServerCpu
{
    private readonly IReadOnlyDictionary<string, int> _servers;
    private readonly Dictionary<string, TimeSpan?> _before;

    private ServerCpu(IReadOnlyDictionary<string, int> servers)
    {
        _servers = servers;
        _before = servers.ToDictionary(s => s.Key, s => ProcessTreeCpu.Read(s.Value));
    }

    public static ServerCpu Start(IReadOnlyDictionary<string, int> servers) => new(servers);

    /// <summary>One row per server: its CPU since <see cref="Start"/> over <paramref name="events"/>, named <paramref name="step"/>.</summary>
    public IReadOnlyList<TimingRow> Rows(string step, int events)
    {
        var rows = new List<TimingRow>();
        foreach (var (server, pid) in _servers)
        {
            if (_before[server] is { } before && ProcessTreeCpu.Read(pid) is { } after)
            {
                rows.Add(new TimingRow(server, step, events, (after - before).TotalMilliseconds / events));
            }
        }

        return rows;
    }
}
