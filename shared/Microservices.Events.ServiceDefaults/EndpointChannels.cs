namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Which receive endpoints lost the channel they consumed on and have not reported consuming since (pure state, no
/// clock of its own). An endpoint is known from its first report that it consumes (MassTransit's <c>Ready</c>, sent
/// each time its consumer is registered with the broker); its channel closing, or the connection under every channel,
/// makes it not consuming until its next report. A close is counted only for the channel the endpoint consumes on
/// since its last report: one seen before that report is an earlier channel, already replaced.
/// </summary>
public sealed class EndpointChannels
{
    private readonly Dictionary<string, (long Generation, DateTimeOffset ReadyAt, DateTimeOffset? LostAt)> _endpoints = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>
    /// <paramref name="endpoint"/> reported at <paramref name="now"/> that it consumes (again); returns the generation
    /// a channel seen from now on belongs to.
    /// </summary>
    public long Consuming(string endpoint, DateTimeOffset now)
    {
        _generation++;
        _endpoints[endpoint] = (_generation, now, null);
        return _generation;
    }

    /// <summary>
    /// The generation of <paramref name="endpoint"/>'s current report, to remember with a channel the endpoint receives
    /// on; null for an endpoint that never reported consuming.
    /// </summary>
    public long? Generation(string endpoint) => _endpoints.TryGetValue(endpoint, out var entry) ? entry.Generation : null;

    /// <summary>
    /// A channel <paramref name="endpoint"/> received on during <paramref name="generation"/> closed at
    /// <paramref name="now"/>: the endpoint is not consuming, unless it reported consuming since (a later generation).
    /// </summary>
    public void ChannelClosed(string endpoint, long generation, DateTimeOffset now)
    {
        if (_endpoints.TryGetValue(endpoint, out var entry) && entry.Generation == generation && entry.LostAt is null)
        {
            _endpoints[endpoint] = (entry.Generation, entry.ReadyAt, now);
        }
    }

    /// <summary>
    /// The broker connection closed at <paramref name="closedAt"/>: every channel on it closed, so no endpoint that
    /// reported consuming before then consumes. One that reported since did so on a newer connection (the close may be
    /// learnt late, after endpoints already consume again).
    /// </summary>
    public void ConnectionClosed(DateTimeOffset closedAt)
    {
        foreach (var (endpoint, entry) in _endpoints.ToList())
        {
            if (entry.LostAt is null && entry.ReadyAt <= closedAt)
            {
                _endpoints[endpoint] = (entry.Generation, entry.ReadyAt, closedAt);
            }
        }
    }

    /// <summary>The endpoints not consuming at <paramref name="now"/>, with how long since they lost their channel.</summary>
    public IReadOnlyList<(string Endpoint, TimeSpan For)> NotConsuming(DateTimeOffset now) =>
        _endpoints.Where(e => e.Value.LostAt is not null)
            .Select(e => (Endpoint: e.Key, For: now - e.Value.LostAt!.Value))
            .OrderBy(e => e.Endpoint, StringComparer.Ordinal)
            .ToList();
}
