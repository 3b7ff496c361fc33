namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Which receive endpoints hold messages without finishing any (pure state, no clock of its own): per endpoint, the
/// messages received and not yet finished, and since when none has finished — the last finish or failed attempt, or
/// the start of the first message after the endpoint had none in flight. An endpoint with nothing in flight is never
/// stuck.
/// </summary>
public sealed class EndpointProgress
{
    private readonly Dictionary<string, (int InFlight, DateTimeOffset Since)> _endpoints = new(StringComparer.Ordinal);

    /// <summary>A message of <paramref name="endpoint"/> was received at <paramref name="now"/>.</summary>
    public void Started(string endpoint, DateTimeOffset now)
    {
        var (inFlight, since) = _endpoints.GetValueOrDefault(endpoint, (0, now));
        _endpoints[endpoint] = (inFlight + 1, inFlight == 0 ? now : since);
    }

    /// <summary>A message of <paramref name="endpoint"/> finished at <paramref name="now"/>, handled or faulted.</summary>
    public void Finished(string endpoint, DateTimeOffset now)
    {
        var (inFlight, _) = _endpoints.GetValueOrDefault(endpoint, (0, now));
        _endpoints[endpoint] = (Math.Max(0, inFlight - 1), now);
    }

    /// <summary>
    /// An attempt at a message of <paramref name="endpoint"/> ended at <paramref name="now"/> and the message is tried
    /// again: the endpoint is working, though nothing finished.
    /// </summary>
    public void Progressed(string endpoint, DateTimeOffset now)
    {
        if (_endpoints.TryGetValue(endpoint, out var entry) && entry.InFlight > 0)
        {
            _endpoints[endpoint] = (entry.InFlight, now);
        }
    }

    /// <summary>
    /// The endpoints holding messages of which none finished for at least <paramref name="limit"/> at
    /// <paramref name="now"/>, but for those in <paramref name="waiting"/>, with how many they hold and for how long.
    /// </summary>
    public IReadOnlyList<(string Endpoint, int InFlight, TimeSpan For)> Stuck(DateTimeOffset now, TimeSpan limit, IReadOnlySet<string> waiting) =>
        _endpoints.Where(e => e.Value.InFlight > 0 && !waiting.Contains(e.Key))
            .Select(e => (Endpoint: e.Key, e.Value.InFlight, For: now - e.Value.Since))
            .Where(e => e.For >= limit)
            .OrderBy(e => e.Endpoint, StringComparer.Ordinal)
            .ToList();
}
