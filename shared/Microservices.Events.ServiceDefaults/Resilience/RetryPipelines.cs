using Polly;
using Polly.Retry;

namespace Microservices.Events.ServiceDefaults.Resilience;

/// <summary>
/// Polly retry pipelines over a fixed schedule: <paramref name="attempts"/> attempts in all, the wait before retry n
/// (1-based) from <c>delay</c>, waited on <c>time</c>. A single attempt is the empty pipeline.
/// </summary>
public static class RetryPipelines
{
    public static ResiliencePipeline<T> Build<T>(
        int attempts,
        Func<int, TimeSpan> delay,
        Func<Outcome<T>, bool> shouldRetry,
        TimeProvider time,
        Action<T?, Exception?, int, TimeSpan>? onRetry = null) =>
        Build<T>(attempts, delay, shouldRetry, time, onRetry is null ? null : (_, result, exception, retry, wait) => onRetry(result, exception, retry, wait));

    /// <summary>
    /// As the other overload, with the execution's <see cref="ResilienceContext"/> handed to <paramref name="onRetry"/>:
    /// for a pipeline built once and shared by executions that each put their own values in the context.
    /// </summary>
    public static ResiliencePipeline<T> Build<T>(
        int attempts,
        Func<int, TimeSpan> delay,
        Func<Outcome<T>, bool> shouldRetry,
        TimeProvider time,
        Action<ResilienceContext, T?, Exception?, int, TimeSpan>? onRetry)
    {
        if (attempts <= 1)
        {
            return ResiliencePipeline<T>.Empty;
        }

        return new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = attempts - 1,
                ShouldHandle = args => new ValueTask<bool>(shouldRetry(args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(delay(args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Context, args.Outcome.Result, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }
}
