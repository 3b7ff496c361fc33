using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microservices.Events.Persistence.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Persistence.Sagas;

/// <summary><c>AddSagaStateMachine&lt;…&gt;().SqlRepository()</c>: store the saga in the state database (SQLite or PostgreSQL).</summary>
public static class SqlSagaRepositoryRegistrationExtensions
{
    /// <summary>
    /// Stores <typeparamref name="TSaga"/> in table <c>saga_&lt;name&gt;</c> of the state database configured by
    /// <c>State</c>/<c>ConnectionStrings:State</c> (registered here if <c>AddEventsState</c> was not called).
    /// </summary>
    /// <param name="tableName">Defaults to <c>saga_</c> + the type name in snake case.</param>
    public static ISagaRegistrationConfigurator<TSaga> SqlRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator, string? tableName = null)
        where TSaga : class, ISagaVersion
    {
        var table = tableName ?? SagaTableName.For(typeof(TSaga));
        SagaTableName.Validate(table);
        configurator.Repository(services =>
        {
            services.AddEventsState();
            services.TryAddSingleton(new SqlSagaTable<TSaga>(table));
            services.AddSingleton(new SagaTableRegistration(table));
            services.TryAddSingleton<SqlSagaStore<TSaga>>();
            services.RegisterLoadSagaRepository<TSaga, SqlSagaRepositoryContextFactory<TSaga>>();
            services.RegisterSagaRepository<TSaga, SqlSagaStore<TSaga>, SagaConsumeContextFactory<SqlSagaStore<TSaga>, TSaga>, SqlSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }
}
