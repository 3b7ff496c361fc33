namespace Microservices.Events.Persistence.Schema;

/// <summary>One numbered schema step: statements valid on both SQLite and PostgreSQL.</summary>
public sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);
