using System.Diagnostics.Metrics;

namespace Microservices.Events.Testing;

/// <summary>Adds up what one counter records while it is alive (for a histogram: the sum; <see cref="Count"/>: how many).</summary>
public sealed class CounterTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;
    private long _count;

    public CounterTotal(string meter, string instrument)
        : this(meter, instrument, null, null)
    {
    }

    /// <summary>Counts only measurements whose tag <paramref name="tag"/> equals <paramref name="value"/> (when given).</summary>
    public CounterTotal(string meter, string instrument, string? tag, string? value)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measured, tags, _) =>
        {
            if (tag is null || Matches(tags, tag, value))
            {
                Interlocked.Add(ref _total, measured);
                Interlocked.Increment(ref _count);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>How many measurements were recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag, string? value)
    {
        foreach (var (key, tagValue) in tags)
        {
            if (key == tag && Equals(tagValue?.ToString(), value))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _listener.Dispose();
}
