using System.Threading.Channels;

namespace Microservices.Events.Bench;

/// <summary>
/// The in-process twin of the raw chain, for the embedded mode: bounded <see cref="Channel{T}"/>s as the queues,
/// each read by <see cref="IChainHops.Concurrency"/> tasks that write into the next channel.
/// </summary>
public sealed class ChannelChain : IChainHops
{
    private readonly Channel<byte[]>[] _queues = [.. Enumerable.Range(0, IChainHops.Count)
        .Select(_ => Channel.CreateBounded<byte[]>(new BoundedChannelOptions(IChainHops.Prefetch) { SingleReader = false, SingleWriter = false }))];

    private readonly List<Task> _readers = [];

    public Task StartAsync(Func<byte[], Task> deliver)
    {
        for (var hop = 0; hop < _queues.Length; hop++)
        {
            var (from, to) = (_queues[hop], hop + 1 < _queues.Length ? _queues[hop + 1] : null);
            for (var i = 0; i < IChainHops.Concurrency; i++)
            {
                _readers.Add(Task.Run(async () =>
                {
                    await foreach (var body in from.Reader.ReadAllAsync())
                    {
                        if (to is null)
                        {
                            await deliver(body);
                        }
                        else
                        {
                            await to.Writer.WriteAsync(body);
                        }
                    }
                }));
            }
        }

        return Task.CompletedTask;
    }

    public Task EnterAsync(byte[] body) => _queues[0].Writer.WriteAsync(body).AsTask();

    /// <summary>Closes the hops in order, each once the readers of the one before it have finished.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var hop = 0; hop < _queues.Length; hop++)
        {
            _queues[hop].Writer.TryComplete();
            await Task.WhenAll(_readers.Skip(hop * IChainHops.Concurrency).Take(IChainHops.Concurrency));
        }
    }
}
