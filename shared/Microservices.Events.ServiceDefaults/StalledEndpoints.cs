namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Since when each receive endpoint has not been consuming, from successive samples of their health (pure state, no
/// clock of its own): an endpoint that is consuming again is forgotten, one that disappeared too.
/// </summary>
public sealed class StalledEndpoints
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary>Records a sample taken at <paramref name="now"/>: each endpoint's name and whether it was consuming.</summary>
    public void Observe(DateTimeOffset now, IEnumerable<(string Endpoint, bool Consuming)> sample)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (endpoint, consuming) in sample)
        {
            seen.Add(endpoint);
            if (consuming)
            {
                _since.Remove(endpoint);
            }
            else
            {
                _since.TryAdd(endpoint, now);
            }
        }

        foreach (var gone in _since.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _since.Remove(gone);
        }
    }

    /// <summary>The endpoints not consuming for at least <paramref name="limit"/> at <paramref name="now"/>, with how long.</summary>
    public IReadOnlyList<(string Endpoint, TimeSpan For)> Stalled(DateTimeOffset now, TimeSpan limit) =>
        _since.Select(e => (e.Key, For: now - e.Value)).Where(e => e.For >= limit).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
}
