using System.Text.Json.Nodes;

namespace Microservices.Events.Semantics.Scripting;

/// <summary>The value a Lua chunk returned (its last one when it returned several), or why it did not finish.</summary>
public sealed record LuaResult
{
    /// <summary>Syntax error, runtime error, or a limit the run went past; <c>null</c> when the chunk finished.</summary>
    public string? Error { get; init; }

    /// <summary>Lua type name of the returned value: <c>nil</c>, <c>boolean</c>, <c>number</c>, <c>string</c>, <c>table</c>, <c>function</c>, ….</summary>
    public string ReturnedType { get; init; } = "nil";

    /// <summary>The returned value as JSON; <c>null</c> for nil and for values JSON cannot hold (see <see cref="ConversionError"/>).</summary>
    public JsonNode? Returned { get; init; }

    /// <summary>Why a returned value has no JSON form, e.g. a function inside a table.</summary>
    public string? ConversionError { get; init; }

    public bool Finished => Error is null;

    /// <summary>Only the boolean <c>true</c> counts; <c>1</c>, <c>"true"</c> and tables do not.</summary>
    public bool ReturnedTrue => Finished && ReturnedType == "boolean" && Returned is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static LuaResult Failed(string error) => new() { Error = error };
}
