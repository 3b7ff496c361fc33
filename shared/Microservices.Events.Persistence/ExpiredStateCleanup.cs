using Microservices.Events.Persistence.Claims;
using Microservices.Events.Persistence.Failures;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence;

/// <summary>Every <see cref="StateOptions.CleanupIntervalSeconds"/>: deletes de-duplication keys and ledger entries whose window or lease ran out, and failed firings past their retention.</summary>
public sealed class ExpiredStateCleanup(
    DeduplicationStore deduplication,
    FiringLedgerStore ledger,
    IFailedFiringStore failedFirings,
    TimeProvider time,
    IOptions<StateOptions> options,
    ILogger<ExpiredStateCleanup> logger) : BackgroundService
{
    /// <summary>One pass; returns the rows deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var deleted = await deduplication.Table.DeleteExpiredAsync(now, cancellationToken);
        deleted += await ledger.Table.DeleteExpiredAsync(now, cancellationToken);
        deleted += await failedFirings.DeleteOlderThanAsync(now - TimeSpan.FromDays(options.Value.FailedFiringRetentionDays), cancellationToken);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await RunOnceAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogDebug("Deleted {Count} expired de-duplication keys and ledger entries", deleted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Cleaning up expired state failed; trying again in {Interval}", options.Value.CleanupInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
