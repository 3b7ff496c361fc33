namespace Microservices.Events.Bench;

/// <summary>Prints a status line on stderr once a second while a phase runs.</summary>
public sealed class Progress(string phase)
{
    public IDisposable Start(Func<string> status)
    {
        var started = DateTime.UtcNow;
        return new Timer(_ => Console.Error.WriteLine($"  [{phase} {(DateTime.UtcNow - started).TotalSeconds,5:F1}s] {status()}"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Say(string message) => Console.Error.WriteLine($"  [{phase}] {message}");
}
