namespace Microservices.Events.Persistence.Database;

/// <summary>One parameterised statement of a batch written in one transaction (<see cref="StateDatabase.WriteBatchAsync"/>).</summary>
public sealed record BatchStatement(string Sql, (string Name, object? Value)[] Parameters);
