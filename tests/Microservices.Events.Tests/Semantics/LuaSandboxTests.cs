using System.Diagnostics;
using System.Text.Json;
using Microservices.Events.Semantics.Scripting;

namespace Microservices.Events.Tests.Semantics;

/// <summary>What a script cannot do: reach the machine, run forever, take all memory, or take the process down.</summary>
public sealed class LuaSandboxTests
{
    private static readonly LuaLimits Small = new() { MaxInstructions = 200_000, Timeout = TimeSpan.FromSeconds(5), MaxMemoryBytes = 2 * 1024 * 1024 };

    public static TheoryData<string> RemovedGlobals() =>
        ["os", "io", "require", "dofile", "loadfile", "load", "debug", "package", "collectgarbage", "coroutine", "xpcall"];

    [Theory]
    [MemberData(nameof(RemovedGlobals))]
    public void Globals_that_reach_outside_the_script_are_absent(string name) =>
        Assert.True(LuaRunner.Run($"return {name} == nil", null).ReturnedTrue);

    [Fact]
    public void The_safe_standard_libraries_are_there() =>
        Assert.True(LuaRunner.Run("return string.upper('a') == 'A' and math.max(1, 2) == 2 and table.concat({'a', 'b'}) == 'ab' and utf8.char(72) == 'H' and pcall(error) == false", null).ReturnedTrue);

    [Fact]
    public void Os_execute_is_unavailable()
    {
        var result = LuaRunner.Run("return os.execute('echo escaped')", null);

        Assert.False(result.Finished);
        Assert.Contains("global 'os'", result.Error);
    }

    [Fact]
    public void Print_does_nothing() => Assert.True(LuaRunner.Run("print('noise') return true", null).ReturnedTrue);

    public static TheoryData<string> EndlessScripts() =>
    [
        "while true do end",
        "local function f() return f() end return f()",
        "pcall(function() while true do end end) return 'escaped'",
        "table.sort({3, 2, 1}, function(a, b) while true do end end)",
        "pcall(string.gsub, 'abc', '%w', function() while true do end end) return 'escaped'",
        "return tostring(setmetatable({}, {__tostring = function() while true do end end}))",
        "local t = setmetatable({}, {__index = function() while true do end end}) return table.concat(t, ',', 1, 2)",
    ];

    [Theory]
    [MemberData(nameof(EndlessScripts))]
    public void An_endless_script_is_stopped_at_its_instruction_limit_wherever_it_loops(string script)
    {
        var result = LuaRunner.Run(script, null, Small);

        Assert.False(result.Finished);
        Assert.Contains("more than 200000 instructions", result.Error);
    }

    [Fact]
    public void A_script_is_stopped_at_its_time_limit()
    {
        var limits = Small with { MaxInstructions = long.MaxValue, Timeout = TimeSpan.FromMilliseconds(100) };
        var clock = Stopwatch.StartNew();

        var result = LuaRunner.Run("while true do end", null, limits);

        Assert.Contains("longer than 100 ms", result.Error);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    public static TheoryData<string> MemoryHungryScripts() =>
    [
        "local t = {} for i = 1, 1e8 do t[i] = i end",
        "return string.rep('x', 1e9)",
        "local s = 'x' while true do s = s .. s end",
    ];

    [Theory]
    [MemberData(nameof(MemoryHungryScripts))]
    public void A_script_is_stopped_at_its_memory_limit(string script)
    {
        var result = LuaRunner.Run(script, null, Small with { MaxInstructions = long.MaxValue });

        Assert.False(result.Finished);
        Assert.Contains("memory", result.Error);
    }

    [Fact]
    public void The_event_does_not_count_against_the_memory_limit()
    {
        var big = JsonDocument.Parse($$"""{"items":[{{string.Join(",", Enumerable.Repeat("\"0123456789abcdef0123456789abcdef\"", 100_000))}}]}""").RootElement;

        var result = LuaRunner.Run("local copy = {} for i = 1, 1000 do copy[i] = event.items[i] .. '!' end return #copy + #event.items", big, Small);

        Assert.True(result.Finished, result.Error);
        Assert.Equal("101000", result.Returned?.ToJsonString());
    }

    [Fact]
    public void Finalizers_are_refused_since_nothing_could_stop_one()
    {
        var result = LuaRunner.Run("setmetatable({}, {__gc = function() while true do end end}) return true", null, Small);

        Assert.Contains("__gc metamethods are not allowed", result.Error);
    }

    public static TheoryData<string, string> FailingScripts() => new()
    {
        { "if event.a == 'x' then return true", "syntax error" },
        { "return a.b", "attempt to index a nil value (global 'a')" },
        { "error('custom failure')", "custom failure" },
        { "error({code = 1})", "error object is a table value" },
    };

    [Theory]
    [MemberData(nameof(FailingScripts))]
    public void Script_errors_are_results_with_the_Lua_message(string script, string message)
    {
        var result = LuaRunner.Run(script, null, Small);

        Assert.False(result.Finished);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void Many_runs_of_good_and_bad_scripts_in_parallel_leave_the_process_standing()
    {
        string[] scripts = ["return true", "while true do end", "error('x')", "local t = {} for i = 1, 1e8 do t[i] = i end", "return {1, 2, {a = 'b'}}"];

        var results = Enumerable.Range(0, 100).AsParallel().WithDegreeOfParallelism(4)
            .Select(i => LuaRunner.Run(scripts[i % scripts.Length], null, Small))
            .ToList();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal(40, results.Count(r => r.Finished));
        Assert.Equal(60, results.Count(r => !r.Finished));
    }
}
