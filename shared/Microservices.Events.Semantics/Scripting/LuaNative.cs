using System.Runtime.InteropServices;
using KeraLua;

namespace Microservices.Events.Semantics.Scripting;

/// <summary>
/// The Lua library's own <c>lua_error</c>, usable as a count hook. A hook written in C# must not raise a Lua error
/// (that would unwind through managed frames, which .NET does not support on Linux); this one is native code, so the
/// unwinding stays inside the Lua library.
/// </summary>
internal static class LuaNative
{
    private static readonly Lazy<LuaHookFunction?> ErrorHook = new(Load);

    /// <summary><c>null</c> when the export cannot be found; runs then only stop where they can yield.</summary>
    public static LuaHookFunction? RaiseErrorHook => ErrorHook.Value;

    private static LuaHookFunction? Load()
    {
        try
        {
            var library = NativeLibrary.Load("lua54", typeof(KeraLua.Lua).Assembly, null);
            return NativeLibrary.TryGetExport(library, "lua_error", out var address)
                ? Marshal.GetDelegateForFunctionPointer<LuaHookFunction>(address)
                : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
