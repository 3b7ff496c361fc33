using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.Log;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/triggers/log/log_test.go</c>: the log trigger writes at most once per <c>intervalSeconds</c>.</summary>
public sealed class LogTests
{
    public static readonly ArgoCase LogTrigger = new("TestLogTrigger");

    [Fact]
    public async Task TestLogTrigger_logs_at_most_once_per_interval()
    {
        var time = new ManualTime(new DateTimeOffset(2024, 7, 15, 10, 0, 0, TimeSpan.Zero));
        var logger = new CountingLogger();
        var executor = new LogTriggerExecutor(time, logger);
        var events = new Dictionary<string, EventEnvelope> { ["my-event"] = new() };
        async Task<int> Run(int? intervalSeconds)
        {
            var trigger = new Trigger { Template = new() { Name = "t", Log = new LogTrigger { IntervalSeconds = intervalSeconds } } };
            var before = logger.Count;
            var outcome = await executor.ExecuteAsync(new TriggerExecution(Guid.NewGuid(), "s", trigger, trigger.Template!, FiringResolver.Resolve(trigger, events), events), CancellationToken.None);
            Assert.True(outcome.Success, outcome.Detail);
            return logger.Count - before;
        }

        Assert.Equal(1, await Run(null));
        Assert.Equal(1, await Run(null));
        Assert.Equal(0, await Run(1));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(1, await Run(1));
    }

    private sealed class CountingLogger : ILogger<LogTriggerExecutor>
    {
        public int Count { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Count++;
    }

    public static IEnumerable<ArgoCase> Inventory => [LogTrigger];
}
