using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using KeraLua;

namespace Microservices.Events.Semantics.Scripting;

/// <summary>
/// One Lua 5.4 state for one run: the standard libraries without <c>os</c>, <c>io</c>, <c>require</c>, <c>dofile</c>,
/// <c>loadfile</c>, <c>load</c>, <c>debug</c>, <c>package</c>, <c>collectgarbage</c>, <c>coroutine</c> and
/// <c>xpcall</c>; <c>print</c> does nothing; <c>__gc</c> metamethods are refused (finalizers run with hooks off, so
/// nothing could stop one). The script runs in a coroutine whose count hook enforces <see cref="LuaLimits"/>:
/// over the limit it yields where it can, and elsewhere (inside a callback of a library function) switches to a hook
/// that raises an error on every instruction until the run has unwound. Memory is counted by the allocator, from the start of the script: the event it was given is not counted.
/// </summary>
internal sealed class LuaSandbox : IDisposable
{
    private const int HookInterval = 1000;

    private const string Restrictions = """
        local original, rawget, type, error = setmetatable, rawget, type, error
        os, io, require, dofile, loadfile, load, debug, package, collectgarbage, coroutine, xpcall = nil
        print = function() end
        setmetatable = function(t, mt)
          if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
            error("__gc metamethods are not allowed", 2)
          end
          return original(t, mt)
        end
        """;

    private readonly LuaLimits _limits;
    private readonly LuaAlloc _allocator;
    private readonly LuaHookFunction _hook;
    private readonly KeraLua.Lua _state;
    private long _allocated;
    private long _allocatedBeforeRun;
    private bool _enforceMemory;
    private long _hookCalls;
    private long _deadline;
    private string? _stopReason;

    public LuaSandbox(LuaLimits limits)
    {
        _limits = limits;
        _allocator = Allocate;
        _hook = OnCount;
        _state = new KeraLua.Lua(_allocator, IntPtr.Zero) { Encoding = Encoding.UTF8 };
        _state.OpenLibs();
        LuaJson.RegisterArrayMetatable(_state);
        if (_state.LoadString(Restrictions, "sandbox") != LuaStatus.OK || _state.PCall(0, 0, 0) != LuaStatus.OK)
        {
            throw new InvalidOperationException($"the Lua sandbox could not be set up: {_state.ToString(-1, false)}");
        }
    }

    public KeraLua.Lua State => _state;

    /// <summary>Compiles and runs <paramref name="script"/>; the returned value is read by <paramref name="read"/> from the top of the run's stack.</summary>
    public LuaResult Run(string script, Func<KeraLua.Lua, LuaResult> read)
    {
        var thread = _state.NewThread();
        thread.Encoding = Encoding.UTF8;
        if (thread.LoadString(script, "script") != LuaStatus.OK)
        {
            return LuaResult.Failed($"syntax error: {ErrorText(thread)}");
        }

        thread.SetHook(_hook, LuaHookMask.Count, HookInterval);
        _deadline = Stopwatch.GetTimestamp() + (long)(_limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        _allocatedBeforeRun = _allocated;
        _enforceMemory = true;
        LuaStatus status;
        int results;
        try
        {
            status = thread.Resume(null, 0, out results);
        }
        finally
        {
            _enforceMemory = false;
        }

        if (_stopReason is not null)
        {
            return LuaResult.Failed(_stopReason);
        }

        return status switch
        {
            LuaStatus.OK when results == 0 => new LuaResult(),
            LuaStatus.OK => read(thread),
            LuaStatus.ErrMem => LuaResult.Failed($"the script needed more than {_limits.MaxMemoryBytes} bytes of memory"),
            LuaStatus.Yield => LuaResult.Failed("the script yielded"),
            _ => LuaResult.Failed(ErrorText(thread)),
        };
    }

    public void Dispose()
    {
        _state.Close();
        GC.KeepAlive(_allocator);
        GC.KeepAlive(_hook);
    }

    private static string ErrorText(KeraLua.Lua thread) =>
        thread.Type(-1) == LuaType.String ? thread.ToString(-1, false) ?? "" : $"(error object is a {thread.TypeName(-1)} value)";

    private void OnCount(IntPtr luaState, IntPtr debug)
    {
        try
        {
            _hookCalls++;
            if (_stopReason is null)
            {
                if (_hookCalls * HookInterval > _limits.MaxInstructions)
                {
                    _stopReason = $"the script ran more than {_limits.MaxInstructions} instructions";
                }
                else if (Stopwatch.GetTimestamp() > _deadline)
                {
                    _stopReason = $"the script ran longer than {_limits.Timeout.TotalMilliseconds} ms";
                }
                else
                {
                    return;
                }
            }

            var state = KeraLua.Lua.FromIntPtr(luaState);
            if (state.IsYieldable)
            {
                state.Yield(0);
            }
            else if (LuaNative.RaiseErrorHook is { } raise)
            {
                state.SetHook(raise, LuaHookMask.Count, 1);
            }
        }
        catch (Exception ex)
        {
            _stopReason ??= $"the script was stopped: {ex.Message}";
        }
    }

    private IntPtr Allocate(IntPtr userData, IntPtr pointer, UIntPtr oldSize, UIntPtr newSize)
    {
        try
        {
            var old = pointer == IntPtr.Zero ? 0L : (long)(ulong)oldSize;
            var size = (long)(ulong)newSize;
            if (size == 0)
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(pointer);
                    _allocated -= old;
                }

                return IntPtr.Zero;
            }

            if (_enforceMemory && size > old && _allocated - _allocatedBeforeRun + size - old > _limits.MaxMemoryBytes)
            {
                return IntPtr.Zero;
            }

            var result = pointer == IntPtr.Zero ? Marshal.AllocHGlobal((nint)size) : Marshal.ReAllocHGlobal(pointer, (nint)size);
            _allocated += size - old;
            return result;
        }
        catch (Exception)
        {
            return IntPtr.Zero;
        }
    }
}
