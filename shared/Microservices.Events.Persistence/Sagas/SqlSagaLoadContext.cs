using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>Loading one instance by id outside message consumption (<c>ILoadSagaRepository</c>, e.g. status queries and tests).</summary>
public sealed class SqlSagaLoadContext<TSaga>(SqlSagaStore<TSaga> store, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) => (await store.LoadAsync(correlationId, CancellationToken))!;
}
