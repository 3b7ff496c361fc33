using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Jq;
using Microservices.Events.Semantics.Scripting;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Transforms;

/// <summary>
/// A dependency's <c>transform</c>: jq (when set, it wins) or a Lua script rewrites the event data, which then carries
/// <c>datacontenttype: application/json</c>. jq's first output must be an object; the script must return a table.
/// Event data that is absent or null is left as it is.
/// </summary>
public static class EventTransform
{
    public const string JsonContentType = "application/json";

    public static TransformResult Apply(EventDependencyTransformer? transform, EventEnvelope @event)
    {
        if (transform is null || (string.IsNullOrEmpty(transform.Jq) && string.IsNullOrEmpty(transform.Script)))
        {
            return new(@event, null);
        }

        if (@event.Data is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } data)
        {
            return new(@event, null);
        }

        return !string.IsNullOrEmpty(transform.Jq) ? ApplyJq(transform.Jq, @event, data) : ApplyScript(transform.Script!, @event, data);
    }

    private static TransformResult ApplyJq(string program, EventEnvelope @event, JsonElement data)
    {
        JsonElement output;
        try
        {
            output = JqQuery.First(program, data);
        }
        catch (Exception ex) when (ex is JqException or FormatException)
        {
            return new(@event, $"jq transform: {ex.Message}");
        }

        return output.ValueKind == JsonValueKind.Object
            ? new(Replace(@event, output), null)
            : new(@event, $"jq transform: the output must be a JSON object, not {Describe(output)}");
    }

    private static TransformResult ApplyScript(string script, EventEnvelope @event, JsonElement data)
    {
        var result = LuaRunner.Run(script, data);
        if (!result.Finished)
        {
            return new(@event, $"script transform: {result.Error}");
        }

        if (result.ReturnedType != "table")
        {
            return new(@event, $"script transform: the script must return a table, not a {result.ReturnedType}");
        }

        return result.ConversionError is { } conversion
            ? new(@event, $"script transform: {conversion}")
            : new(Replace(@event, JsonSerializer.SerializeToElement(result.Returned)), null);
    }

    private static EventEnvelope Replace(EventEnvelope @event, JsonElement data) =>
        @event with { Data = data, DataContentType = JsonContentType };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>The event after its dependency's transform, or why the transform failed (the event then counts as not matching).</summary>
public sealed record TransformResult(EventEnvelope Event, string? Error);
