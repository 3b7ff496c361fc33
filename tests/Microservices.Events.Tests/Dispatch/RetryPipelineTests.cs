using System.Diagnostics.Metrics;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Semantics.Retries;
using Microservices.Events.ServiceDefaults.Resilience;
using Microservices.Events.Specs.Model;
using Microservices.Events.Testing;
using Microservices.Events.TriggerDispatch;
using Microservices.Events.TriggerDispatch.Execution;
using Microservices.Events.TriggerDispatch.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The Polly pipeline runs a schedule: its attempts, waiting its delays on the given clock.</summary>
public sealed class RetryPipelineTests
{
    [Fact]
    public async Task A_failing_action_runs_every_attempt_and_waits_the_scheduled_delays()
    {
        var schedule = BackoffSchedule.From(new Backoff { Steps = 4, Duration = "100ms", Factor = "2", Jitter = "0" });
        var time = new InstantTime();
        var retries = new List<(int Retry, TimeSpan Delay)>();
        var pipeline = RetryPipelines.Build<bool>(schedule.Attempts, r => schedule.Delay(r, 0), o => o.Result is false, time, (_, _, r, d) => retries.Add((r, d)));
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(false); });

        Assert.False(result);
        Assert.Equal(4, calls);
        Assert.Equal([(1, TimeSpan.FromMilliseconds(100)), (2, TimeSpan.FromMilliseconds(200)), (3, TimeSpan.FromMilliseconds(400))], retries);
        Assert.Equal([100, 200, 400], time.Waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public async Task A_success_stops_the_retries()
    {
        var time = new InstantTime();
        var pipeline = RetryPipelines.Build<bool>(5, _ => TimeSpan.FromSeconds(1), o => o.Result is false, time);
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls == 2));

        Assert.True(result);
        Assert.Equal(2, calls);
        Assert.Single(time.Waits);
    }

    [Fact]
    public async Task An_exception_the_predicate_accepts_is_retried_and_the_last_one_is_thrown()
    {
        var time = new InstantTime();
        var pipeline = RetryPipelines.Build<bool>(3, _ => TimeSpan.FromSeconds(1), o => o.Exception is InvalidOperationException, time);
        var calls = 0;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await pipeline.ExecuteAsync<bool>(_ => throw new InvalidOperationException($"call {++calls}")));

        Assert.Equal("call 3", thrown.Message);
    }

    [Fact]
    public async Task One_attempt_runs_once_without_waiting()
    {
        var time = new InstantTime();
        var calls = 0;

        await RetryPipelines.Build<bool>(1, _ => TimeSpan.FromSeconds(1), _ => true, time).ExecuteAsync(_ => ValueTask.FromResult(++calls > 0));

        Assert.Equal(1, calls);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public void A_calendar_send_gets_six_attempts_one_second_apart()
    {
        Assert.Equal(6, CalendarSource.SendSchedule.Attempts);
        Assert.All(Enumerable.Range(1, 5), r => Assert.Equal(TimeSpan.FromSeconds(1), CalendarSource.SendSchedule.Delay(r, 0.7)));
    }

    [Fact]
    public async Task Firings_of_one_trigger_retry_under_its_strategy_and_each_retry_is_logged_for_its_own_firing()
    {
        using var logs = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new DispatchTelemetry(services.GetRequiredService<IMeterFactory>());
        var time = new InstantTime();
        var retries = new TriggerRetries(telemetry, time, loggers.CreateLogger<TriggerRetries>());
        var trigger = new Trigger { RetryStrategy = new Backoff { Steps = 3, Duration = "1s", Factor = "2", Jitter = "0" } };
        var first = new TriggerRequested { FiringId = Guid.NewGuid(), Sensor = "s", Trigger = "t" };
        var second = first with { FiringId = Guid.NewGuid() };
        var calls = new Dictionary<Guid, int> { [first.FiringId] = 0, [second.FiringId] = 0 };

        // Both run at once through the trigger's one pipeline: the first fails every attempt, the second once.
        var outcomes = await Task.WhenAll(
            retries.ExecuteAsync(trigger, first, _ => ValueTask.FromResult(Attempt(first, fail: _ => true)), default).AsTask(),
            retries.ExecuteAsync(trigger, second, _ => ValueTask.FromResult(Attempt(second, fail: n => n == 1)), default).AsTask());

        Assert.Equal([false, true], outcomes.Select(o => o.Success));
        Assert.Equal((3, 2), (calls[first.FiringId], calls[second.FiringId]));
        Assert.Equal(3, retries.Attempts(trigger));
        var retried = logs.Lines.Where(l => l.Contains("next attempt", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retried.Count(l => l.Contains(first.FiringId.ToString(), StringComparison.Ordinal)));
        Assert.Single(retried, l => l.Contains(second.FiringId.ToString(), StringComparison.Ordinal));
        Assert.Equal([1, 1, 2], time.Waits.Select(w => w.TotalSeconds).Order());

        // The same trigger name with another strategy (specs reloaded) is a new object with a pipeline of its own.
        Assert.Equal(1, retries.Attempts(trigger with { RetryStrategy = null }));

        TriggerOutcome Attempt(TriggerRequested request, Func<int, bool> fail)
        {
            int n;
            lock (calls)
            {
                n = ++calls[request.FiringId];
            }

            return fail(n) ? TriggerOutcome.Fail($"attempt {n}") : TriggerOutcome.Ok("done");
        }
    }

    /// <summary>A clock whose timers fire at once, recording what each was asked to wait.</summary>
    private sealed class InstantTime : TimeProvider
    {
        public List<TimeSpan> Waits { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
            }

            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
