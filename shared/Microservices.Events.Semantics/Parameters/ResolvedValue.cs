namespace Microservices.Events.Semantics.Parameters;

/// <summary>A parameter's value: text, and whether that text is raw JSON to insert as-is (<c>useRawData</c>).</summary>
public sealed record ResolvedValue(string Text, bool IsRawJson);
