using System.Text.Json;
using Microservices.Events.Semantics.Scripting;

namespace Microservices.Events.Semantics.Filters;

/// <summary>Argo's script filter: a Lua chunk with the global <c>event</c>; only a returned boolean <c>true</c> passes. Absent or null data passes.</summary>
public static class ScriptFilter
{
    public static FilterResult Evaluate(string script, JsonElement? data)
    {
        if (data is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            return FilterResult.True;
        }

        var result = LuaRunner.Run(script, data);
        return !result.Finished
            ? FilterResult.Error($"script filter: {result.Error}")
            : result.ReturnedTrue ? FilterResult.True : FilterResult.False;
    }
}
