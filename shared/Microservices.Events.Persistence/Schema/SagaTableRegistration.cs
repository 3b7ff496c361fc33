namespace Microservices.Events.Persistence.Schema;

/// <summary>A saga table to create on start, one per <c>SqlRepository()</c> registration.</summary>
public sealed record SagaTableRegistration(string Table);
