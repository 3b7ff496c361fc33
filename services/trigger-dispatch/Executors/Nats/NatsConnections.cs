using System.Collections.Concurrent;
using NATS.Client.Core;

namespace Microservices.Events.TriggerDispatch.Executors.Nats;

/// <summary>
/// Open NATS connections, one per trigger and connection settings (URL, TLS, credentials: a rotated secret opens a new
/// one), kept between firings as Argo keeps one per trigger. A connection that failed to connect is not kept.
/// Disposed with the service.
/// </summary>
public sealed class NatsConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NatsConnection>> _connections = new();

    /// <summary>The connected connection for <paramref name="key"/>, opening it with <paramref name="options"/> the first time.</summary>
    /// <exception cref="NatsException">The server cannot be reached or refused the connection.</exception>
    public async Task<NatsConnection> GetAsync(string key, Func<NatsOpts> options)
    {
        var connection = _connections.GetOrAdd(key, _ => new Lazy<NatsConnection>(() => new NatsConnection(options()))).Value;
        try
        {
            await connection.ConnectAsync();
            return connection;
        }
        catch
        {
            if (_connections.TryGetValue(key, out var current) && current.IsValueCreated && ReferenceEquals(current.Value, connection))
            {
                _connections.TryRemove(new KeyValuePair<string, Lazy<NatsConnection>>(key, current));
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, connection) in _connections)
        {
            if (connection.IsValueCreated)
            {
                await connection.Value.DisposeAsync();
            }
        }

        _connections.Clear();
    }
}
