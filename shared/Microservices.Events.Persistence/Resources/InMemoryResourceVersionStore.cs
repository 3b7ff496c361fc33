using System.Collections.Concurrent;

namespace Microservices.Events.Persistence.Resources;

/// <summary><see cref="IResourceVersionStore"/> for the in-memory provider: lost with the process.</summary>
public sealed class InMemoryResourceVersionStore : IResourceVersionStore
{
    private readonly ConcurrentDictionary<(string, string), (string Watch, string Version)> _versions = new();

    public Task<string?> LastAsync(string eventSource, string eventName, string watch, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.TryGetValue((eventSource, eventName), out var v) && v.Watch == watch ? v.Version : null);

    public Task RecordAsync(string eventSource, string eventName, string watch, string? resourceVersion, CancellationToken cancellationToken)
    {
        if (resourceVersion is null)
        {
            _versions.TryRemove((eventSource, eventName), out _);
        }
        else
        {
            _versions[(eventSource, eventName)] = (watch, resourceVersion);
        }

        return Task.CompletedTask;
    }
}
