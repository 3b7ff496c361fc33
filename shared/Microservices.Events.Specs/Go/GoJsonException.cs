namespace Microservices.Events.Specs.Go;

/// <summary>A value Go's encoding/json refuses, with Go's message (<c>json: unsupported value: NaN</c>).</summary>
public sealed class GoJsonException(string message) : Exception(message);
