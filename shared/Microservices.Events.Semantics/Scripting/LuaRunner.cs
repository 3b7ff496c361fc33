using System.Text.Json;

namespace Microservices.Events.Semantics.Scripting;

/// <summary>
/// Runs a Lua 5.4 chunk with the global <c>event</c> set to the Lua form of the event data (see <see cref="LuaJson"/>)
/// inside a fresh <see cref="LuaSandbox"/>, and returns the value it returned as JSON. Never throws for a bad script:
/// syntax and runtime errors, limits and a missing native Lua library all come back as <see cref="LuaResult.Error"/>.
/// </summary>
public static class LuaRunner
{
    public static LuaResult Run(string script, JsonElement? @event, LuaLimits? limits = null)
    {
        try
        {
            using var sandbox = new LuaSandbox(limits ?? LuaLimits.Default);
            var state = sandbox.State;
            if (@event is { } data)
            {
                LuaJson.Push(state, data);
                state.SetGlobal("event");
            }

            return sandbox.Run(script, ReadReturned);
        }
        catch (LuaConversionException ex)
        {
            return LuaResult.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
        {
            return LuaResult.Failed($"Lua is not available on this platform: {ex.Message}");
        }
    }

    private static LuaResult ReadReturned(KeraLua.Lua thread)
    {
        var type = thread.TypeName(-1);
        try
        {
            return new LuaResult { ReturnedType = type, Returned = LuaJson.Read(thread, -1) };
        }
        catch (LuaConversionException ex)
        {
            return new LuaResult { ReturnedType = type, ConversionError = ex.Message };
        }
    }
}
