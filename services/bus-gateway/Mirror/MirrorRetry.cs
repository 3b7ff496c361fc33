using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Retries one mirror write until it succeeds or the consumer is cancelled (the service stops, or its broker channel
/// closed): waits grow exponentially with jitter from 0.2 s to <c>Gateway:Mirror:MaxRetryDelaySeconds</c>. The message
/// stays unacknowledged meanwhile, so nothing is dropped and later events of the same key wait behind it.
/// </summary>
public sealed class MirrorRetry(IOptions<MirrorOptions> options, TimeProvider time, GatewayTelemetry telemetry, ILogger<MirrorRetry> logger)
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(options.Value.MaxRetryDelaySeconds),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            OnRetry = args =>
            {
                var target = args.Context.Properties.GetValue(Target, "mirror");
                telemetry.MirrorRetries.Add(1, new KeyValuePair<string, object?>("target", target));
                logger.LogWarning(args.Outcome.Exception, "Mirror write to {Target} failed (attempt {Attempt}); retrying in {Delay}", target, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        })
        .Build();

    private static readonly ResiliencePropertyKey<string> Target = new("mirror-target");

    public async Task RunAsync(string target, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Target, target);
        try
        {
            await _pipeline.ExecuteAsync(async (c, w) => await w(c.CancellationToken), context, write);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
