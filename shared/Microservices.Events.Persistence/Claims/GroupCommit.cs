using System.Threading.Channels;
using Microservices.Events.Persistence.Database;

namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// Group commit: statements of concurrent callers are gathered while the previous batch is being written and written
/// together, in one transaction (<see cref="StateDatabase.WriteBatchAsync"/>), up to <c>maxBatch</c> at a time. Each
/// caller gets the rows its own statement affected only after that transaction committed, so a message is still
/// acknowledged only once its write is durable. If the transaction fails, every caller in it gets the exception (and
/// its message is retried); nothing of it was written. Statements are written in the order of their sort key, so
/// batches of two processes lock the same rows in the same order.
/// </summary>
public sealed class GroupCommit
{
    private readonly StateDatabase _database;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public GroupCommit(StateDatabase database, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 2);
        (_database, _maxBatch) = (database, maxBatch);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Rows <paramref name="statement"/> affected, once the batch it was written in committed.</summary>
    public Task<int> ExecuteAsync(BatchStatement statement, string sortKey, CancellationToken cancellationToken)
    {
        var pending = new Pending(statement, sortKey, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the group commit queue is closed");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                // A caller that gave up before its statement was written is not written for.
                if (!pending.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(pending);
                }
                else
                {
                    pending.Done.TrySetCanceled(pending.CancellationToken);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            batch.Sort((a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
            try
            {
                var affected = await _database.WriteBatchAsync([.. batch.Select(p => p.Statement)], CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(affected[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Pending(BatchStatement Statement, string SortKey, TaskCompletionSource<int> Done, CancellationToken CancellationToken);
}
