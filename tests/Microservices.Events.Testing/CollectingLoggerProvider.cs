using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>Keeps every log line written through it (formatted message and exception text), for tests that check what is logged.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
