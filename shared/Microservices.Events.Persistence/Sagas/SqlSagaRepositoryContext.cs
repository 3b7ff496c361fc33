using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>
/// The saga repository seen by one consumed message. MassTransit calls Load (or Insert when the event inserts on
/// initial), then Add + Save for a new instance, Update for an existing one, Delete once it is finalized. Writes happen
/// only at those calls, after the state machine ran, so a lost race surfaces as <see cref="ConcurrencyException"/> before
/// anything the in-memory outbox holds is published. An update is applied to the row the store keeps and written
/// behind it: with <see cref="SagaWritesFilter"/> on the endpoint the message waits for that write there, outside the
/// partitioner; without it, here. A loaded instance not handed back with a change is given back when the message ends
/// (<see cref="GiveBackUnchanged"/>).
/// </summary>
public sealed class SqlSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly SqlSagaStore<TSaga> _store;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> _factory;
    private long? _generation;
    private TSaga? _loaded;

    public SqlSagaRepositoryContext(SqlSagaStore<TSaga> store, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        _store = store;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_store, context, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>Insert-on-initial: null when the instance exists already, so MassTransit loads it instead.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (!await _store.TryInsertAsync(instance, CancellationToken))
        {
            return null!;
        }

        return await _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var (instance, generation) = await _store.LoadKeptAsync(correlationId, CancellationToken);
        _generation = generation;
        _loaded = instance;
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => _store.InsertAsync(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        var write = _store.Change(context.Saga, _generation, CancellationToken);
        if (ReferenceEquals(context.Saga, _loaded))
        {
            _loaded = null;
        }

        if (!context.TryGetPayload<SagaWrites>(out var writes))
        {
            return write;
        }

        writes.Add(write);
        return Task.CompletedTask;
    }

    public Task Delete(SagaConsumeContext<TSaga> context) => _store.DeleteAsync(context.Saga, CancellationToken);

    /// <summary>
    /// After the message: the instance it loaded, if it was not handed to the store with a change (the message failed,
    /// or made none), goes back to the store (<see cref="SqlSagaStore{TSaga}.GiveBack"/>).
    /// </summary>
    public void GiveBackUnchanged()
    {
        if (_loaded is { } instance)
        {
            _loaded = null;
            _store.GiveBack(instance);
        }
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}
