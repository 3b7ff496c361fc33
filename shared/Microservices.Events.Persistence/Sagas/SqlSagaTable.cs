namespace Microservices.Events.Persistence.Sagas;

/// <summary>The table a saga type is stored in.</summary>
public sealed record SqlSagaTable<TSaga>(string Name);
