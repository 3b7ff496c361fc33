using System.Collections.Concurrent;

namespace Microservices.Events.Persistence.Calendar;

/// <summary><see cref="ICalendarTickStore"/> for the in-memory provider: lost with the process.</summary>
public sealed class InMemoryCalendarTickStore : ICalendarTickStore
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _ticks = new();

    public Task<DateTimeOffset?> LastTickAsync(string eventSource, string eventName, CancellationToken cancellationToken) =>
        Task.FromResult(_ticks.TryGetValue((eventSource, eventName), out var tick) ? tick : (DateTimeOffset?)null);

    public Task RecordAsync(string eventSource, string eventName, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        _ticks.AddOrUpdate((eventSource, eventName), tick, (_, existing) => existing >= tick ? existing : tick);
        return Task.CompletedTask;
    }
}
