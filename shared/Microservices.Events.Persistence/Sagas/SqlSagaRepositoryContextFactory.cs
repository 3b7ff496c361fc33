using MassTransit;
using MassTransit.Saga;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>
/// MassTransit's entry point to <see cref="SqlSagaStore{TSaga}"/>: one <see cref="SqlSagaRepositoryContext{TSaga,TMessage}"/>
/// per consumed message (correlation by id), and loading by id for <c>ILoadSagaRepository</c>. Correlation by query
/// expression is not supported.
/// </summary>
public sealed class SqlSagaRepositoryContextFactory<TSaga>(
    SqlSagaStore<TSaga> store,
    ISagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga> factory) :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var repository = new SqlSagaRepositoryContext<TSaga, T>(store, context, factory);
        try
        {
            await next.Send(repository);
        }
        finally
        {
            repository.GiveBackUnchanged();
        }
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException(
            $"The SQL saga repository ({store.Table}) correlates by CorrelationId only; {typeof(T).Name} is correlated by a query expression. Use CorrelateById for {typeof(TSaga).Name} events.");

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        await asyncMethod(new SqlSagaLoadContext<TSaga>(store, cancellationToken));

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "sql");
        context.Add("table", store.Table);
    }
}
