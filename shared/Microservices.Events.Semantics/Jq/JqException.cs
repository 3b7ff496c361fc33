namespace Microservices.Events.Semantics.Jq;

/// <summary>A jq runtime error, such as indexing a number or adding a string to an object.</summary>
public sealed class JqException(string message) : Exception(message);
