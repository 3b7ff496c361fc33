namespace Microservices.Events.Semantics.Parameters;

/// <summary>A trigger parameter could not be resolved or applied; the firing fails with this message.</summary>
public sealed class ParameterException(string message) : Exception(message);
