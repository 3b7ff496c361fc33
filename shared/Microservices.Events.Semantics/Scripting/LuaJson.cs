using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeraLua;

namespace Microservices.Events.Semantics.Scripting;

/// <summary>
/// JSON to Lua and back. Objects become tables, arrays 1-based tables marked with the metatable
/// <c>{__is_array=true}</c>, null becomes nil. Back: a table whose keys are exactly 1..n is an array, an empty
/// table marked <c>__is_array</c> is <c>[]</c>, any other table an object with its keys in ordinal order.
/// </summary>
internal static class LuaJson
{
    public const int MaxDepth = 100;

    /// <summary>Registry name of the metatable given to tables made from JSON arrays.</summary>
    public const string ArrayMetatable = "json.array";

    /// <summary>Creates the array metatable in the registry; call once per state before <see cref="Push"/>.</summary>
    public static void RegisterArrayMetatable(KeraLua.Lua state)
    {
        state.NewMetaTable(ArrayMetatable);
        state.PushBoolean(true);
        state.SetField(-2, "__is_array");
        state.Pop(1);
    }

    /// <summary>Pushes the Lua form of <paramref name="value"/>: one new stack slot.</summary>
    public static void Push(KeraLua.Lua state, JsonElement value, int depth = 0)
    {
        if (depth > MaxDepth || !state.CheckStack(4))
        {
            throw new LuaConversionException($"event data is nested deeper than {MaxDepth} levels");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                state.CreateTable(0, 8);
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    {
                        continue;
                    }

                    state.PushString(property.Name);
                    Push(state, property.Value, depth + 1);
                    state.RawSet(-3);
                }

                break;
            case JsonValueKind.Array:
                state.CreateTable(value.GetArrayLength(), 0);
                state.SetMetaTable(ArrayMetatable);
                var index = 0L;
                foreach (var item in value.EnumerateArray())
                {
                    index++;
                    Push(state, item, depth + 1);
                    state.RawSetInteger(-2, index);
                }

                break;
            case JsonValueKind.String:
                state.PushString(value.GetString());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                state.PushInteger(integer);
                break;
            case JsonValueKind.Number:
                state.PushNumber(value.GetDouble());
                break;
            case JsonValueKind.True:
                state.PushBoolean(true);
                break;
            case JsonValueKind.False:
                state.PushBoolean(false);
                break;
            default:
                state.PushNil();
                break;
        }
    }

    /// <summary>The JSON form of the value at <paramref name="index"/>; runs no Lua code (no metamethods).</summary>
    /// <exception cref="LuaConversionException">The value, or something inside it, has no JSON form.</exception>
    public static JsonNode? Read(KeraLua.Lua state, int index, int depth = 0)
    {
        switch (state.Type(index))
        {
            case LuaType.Nil:
            case LuaType.None:
                return null;
            case LuaType.Boolean:
                return JsonValue.Create(state.ToBoolean(index));
            case LuaType.Number when state.IsInteger(index):
                return JsonValue.Create(state.ToInteger(index));
            case LuaType.Number:
                var number = state.ToNumber(index);
                return double.IsFinite(number)
                    ? JsonValue.Create(number)
                    : throw new LuaConversionException($"the number {FormatFloat(number)} has no JSON form");
            case LuaType.String:
                return JsonValue.Create(state.ToString(index, false));
            case LuaType.Table:
                return ReadTable(state, state.AbsIndex(index), depth);
            default:
                throw new LuaConversionException($"a Lua {state.TypeName(index)} has no JSON form");
        }
    }

    private static JsonNode ReadTable(KeraLua.Lua state, int table, int depth)
    {
        if (depth >= MaxDepth || !state.CheckStack(4))
        {
            throw new LuaConversionException($"tables are nested deeper than {MaxDepth} levels (does a table contain itself?)");
        }

        var entries = new List<(object Key, JsonNode? Value)>();
        state.PushNil();
        while (state.Next(table))
        {
            entries.Add((ReadKey(state, -2), Read(state, state.GetTop(), depth + 1)));
            state.Pop(1);
        }

        if (entries.Count == 0)
        {
            return IsMarkedArray(state, table) ? new JsonArray() : new JsonObject();
        }

        if (entries.All(e => e.Key is long k && k >= 1 && k <= entries.Count))
        {
            return new JsonArray(entries.OrderBy(e => (long)e.Key).Select(e => e.Value).ToArray());
        }

        var result = new JsonObject();
        foreach (var (key, value) in entries.Select(e => (Key: KeyText(e.Key), e.Value)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!result.TryAdd(key, value))
            {
                throw new LuaConversionException($"the table has two keys that both read \"{key}\"");
            }
        }

        return result;
    }

    private static object ReadKey(KeraLua.Lua state, int index) => state.Type(index) switch
    {
        LuaType.String => state.ToString(index, false),
        LuaType.Number when state.IsInteger(index) => state.ToInteger(index),
        LuaType.Number => FormatFloat(state.ToNumber(index)),
        LuaType.Boolean => state.ToBoolean(index) ? "true" : "false",
        _ => throw new LuaConversionException($"a table key of type {state.TypeName(index)} has no JSON form"),
    };

    private static string KeyText(object key) => key is long k ? k.ToString(CultureInfo.InvariantCulture) : (string)key;

    private static bool IsMarkedArray(KeraLua.Lua state, int table)
    {
        if (state.GetMetaField(table, "__is_array") == LuaType.Nil)
        {
            return false;
        }

        var marked = state.ToBoolean(-1);
        state.Pop(1);
        return marked;
    }

    private static string FormatFloat(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

/// <summary>A Lua value that has no JSON form, or event data too deep for Lua.</summary>
internal sealed class LuaConversionException(string message) : Exception(message);
