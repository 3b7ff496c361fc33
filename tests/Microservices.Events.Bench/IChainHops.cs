namespace Microservices.Events.Bench;

/// <summary>
/// The queue hops of a raw chain: the pipeline's ingress -> gateway -> matcher -> saga -> dispatch as
/// <see cref="Count"/> consecutive queues, each drained by its own consumer that hands the message to the next queue,
/// and the last one to <c>deliver</c> (which POSTs it to the sink).
/// </summary>
public interface IChainHops : IAsyncDisposable
{
    /// <summary>Queues between the webhook and the sink call, as in the pipeline (ingress -> gateway -> matcher -> saga -> dispatch).</summary>
    public const int Count = 4;

    /// <summary>How many messages each hop handles at once and how many it holds (the services' Bus:ConcurrentMessageLimit and Bus:RabbitMq:PrefetchCount).</summary>
    public const int Concurrency = 32;

    public const int Prefetch = 64;

    /// <summary>Starts the consumers; the last hop calls <paramref name="deliver"/> and is done once it returned.</summary>
    Task StartAsync(Func<byte[], Task> deliver);

    /// <summary>Hands a webhook body to the first queue; returns once that queue accepted it.</summary>
    Task EnterAsync(byte[] body);
}
