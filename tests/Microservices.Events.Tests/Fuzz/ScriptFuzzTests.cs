using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Expressions;
using Microservices.Events.Semantics.Jq;
using Microservices.Events.Semantics.Scripting;
using Microservices.Events.Semantics.Templates;
using Microservices.Events.Specs.Expressions;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// Seeded programs of each language a spec can hold (expr and govaluate expressions, Go templates, jq, Lua), built
/// from their own fragments and broken on purpose, run on seeded data: each ends in a result or its language's own
/// error, within the time limit, including endless loops and memory bombs.
/// </summary>
public sealed class ScriptFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    private static readonly string[] ExprParts =
    [
        "body", ".", "n", "name", "list", "[0]", "[-1]", " == ", " != ", " < ", " >= ", " && ", " || ", " + ", " * ", " / ", " % ", " ** ",
        "!", "not ", "-", "(", ")", "1", "0", "1e308", "'x'", "\"y\"", " in ", " matches ", "'(a+)+$'", "len(", "upper(", ",", "?", ":",
        "nil", "true", " contains ", " startsWith ", "[", "]", "..",
    ];

    private static readonly string[] TemplateParts =
    [
        "{{", "}}", ".Input", ".Input.body", ".n", "$", "$x := ", "$x = ", "range ", "end", "if ", "else", "with ", "printf \"%v\" ",
        "toJson ", "index ", " 0", "len ", "(", ")", "|", " upper", "\"s\"", "break", "continue", "x", " ", "{{- ", " -}}", "eq ", "and ", "not ",
    ];

    private static readonly string[] JqParts =
    [
        ".", "body", "n", "[", "]", "[0]", "|", ",", "select(", "map(", "keys", "length", "has(\"n\")", "del(.n)", "tostring", "tonumber",
        "type", "add", "empty", "not", "(", ")", "{", "}", ":", "\"k\"", "1", " + ", " - ", " * ", " / ", " == ", " and ", " or ", "//", "?", "..",
        "def f: f; f", "reduce", "$__loc__",
    ];

    private static readonly string[] LuaParts =
    [
        "return ", "event", ".body", ".n", "[1]", " == ", " ~= ", " and ", " or ", "not ", "(", ")", "1", "'x'", "..", "#", "local t = {} ",
        "for i = 1, 10 do ", "end ", "while true do ", "if ", " then ", "else ", "string.rep('x', 1e7)", "t[#t + 1] = ", "function f() return f() end f() ",
        "error('boom') ", "os", ".exit()", "io", ".open('/etc/passwd')", "require('x')", "setmetatable({}, {__gc = 1}) ", "collectgarbage() ",
    ];

    [Fact]
    public void Filter_expressions_in_both_dialects_end_in_a_value_or_their_own_error()
    {
        var run = FuzzRun.Start("filter expressions", output);
        var outcomes = new Outcomes();
        for (var i = 0; i < run.Cases; i++)
        {
            var dialect = run.Random.Chance(50) ? ExpressionDialect.Expr : ExpressionDialect.Govaluate;
            var text = Program(run.Random, ExprParts);
            var data = Data(run.Random);
            Time(run, i, text, () =>
            {
                try
                {
                    var parsed = ExpressionParser.Parse(text, dialect);
                    ExpressionEvaluator.Evaluate(parsed, EventSourceFilter.Environment(data));
                    outcomes.Add("value");
                }
                catch (ExpressionSyntaxException)
                {
                    outcomes.Add("syntax error");
                }
                catch (ExpressionEvaluationException)
                {
                    outcomes.Add("evaluation error");
                }
            });
        }

        output.WriteLine(outcomes.ToString());
    }

    [Fact]
    public void Go_templates_end_in_text_or_a_template_error()
    {
        var run = FuzzRun.Start("Go templates", output);
        var outcomes = new Outcomes();
        for (var i = 0; i < run.Cases; i++)
        {
            var text = Program(run.Random, TemplateParts);
            var data = Data(run.Random);
            Time(run, i, text, () =>
            {
                try
                {
                    GoTemplate.Parse(text).Execute(data);
                    outcomes.Add("text");
                }
                catch (TemplateException)
                {
                    outcomes.Add("template error");
                }
            });
        }

        output.WriteLine(outcomes.ToString());
    }

    [Fact]
    public void Jq_programs_end_in_a_value_or_a_jq_error()
    {
        var run = FuzzRun.Start("jq programs", output);
        var outcomes = new Outcomes();
        for (var i = 0; i < run.Cases; i++)
        {
            var text = Program(run.Random, JqParts);
            var data = Data(run.Random);
            Time(run, i, text, () =>
            {
                try
                {
                    _ = JqQuery.All(text, data);
                    outcomes.Add("value");
                }
                catch (FormatException)
                {
                    outcomes.Add("syntax error");
                }
                catch (JqException)
                {
                    outcomes.Add("jq error");
                }
            });
        }

        output.WriteLine(outcomes.ToString());
    }

    [Fact]
    public void Lua_scripts_end_in_a_value_or_an_error_including_endless_loops_and_memory_bombs()
    {
        var run = FuzzRun.Start("Lua scripts", output, reducedCases: 300);
        var outcomes = new Outcomes();
        for (var i = 0; i < run.Cases; i++)
        {
            var text = Program(run.Random, LuaParts);
            var data = Data(run.Random);
            Time(run, i, text, () => outcomes.Add(LuaRunner.Run(text, data).Finished ? "value" : "error"));
        }

        output.WriteLine(outcomes.ToString());
    }

    [Theory]
    [InlineData("while true do end")]
    [InlineData("local t = {} while true do t[#t + 1] = string.rep('x', 1000000) end")]
    [InlineData("return string.rep('x', 1e10)")]
    [InlineData("local function f() return 1 + f() end return f()")]
    public void A_Lua_endless_loop_or_memory_bomb_stops_with_an_error_within_the_limits(string script)
    {
        var watch = Stopwatch.StartNew();

        var result = LuaRunner.Run(script, JsonDocument.Parse("{}").RootElement);

        Assert.False(result.Finished);
        Assert.True(watch.Elapsed < LuaLimits.Default.Timeout * 3, $"took {watch.Elapsed}");
    }

    [Fact]
    public void Nested_ranges_that_would_run_for_ages_stop_at_the_template_step_limit()
    {
        var data = JsonNode.Parse("[" + string.Join(",", Enumerable.Range(0, 100)) + "]");
        var bomb = GoTemplate.Parse("{{range .Input}}{{range $.Input}}{{range $.Input}}{{range $.Input}}x{{end}}{{end}}{{end}}{{end}}");

        var error = Assert.Throws<TemplateException>(() => bomb.Execute(data));

        Assert.Contains($"stopped after {TemplateLimits.MaxSteps} steps", error.Message);
    }

    [Fact]
    public void A_template_string_doubled_past_the_size_limit_is_an_error_and_under_it_is_text()
    {
        var data = JsonNode.Parse("[" + string.Join(",", Enumerable.Range(0, 40)) + "]");
        const string doubling = """{{$x := "xxxxxxxxxxxxxxxx"}}{{range .Input}}{{$x = printf "%s%s" $x $x}}{{end}}{{len $x}}""";

        Assert.Equal("16384", GoTemplate.Parse(doubling).Execute(JsonNode.Parse("[1,2,3,4,5,6,7,8,9,10]")));
        var error = Assert.Throws<TemplateException>(() => GoTemplate.Parse(doubling).Execute(data));
        Assert.Contains($"a value of more than {TemplateLimits.MaxChars} characters", error.Message);
    }

    [Fact]
    public void A_template_reads_a_repeated_key_of_its_input_as_the_last_value_like_Go()
    {
        var input = JsonDocument.Parse("""{"k":1,"k":2,"big":1e400}""").RootElement;

        Assert.Equal("2 +Inf", GoTemplate.Parse("{{.Input.k}} {{.Input.big}}").Execute(input));
    }

    [Theory]
    [InlineData(ExpressionDialect.Expr)]
    [InlineData(ExpressionDialect.Govaluate)]
    public void An_expression_nested_past_the_limit_is_a_syntax_error_and_at_the_limit_it_parses(ExpressionDialect dialect)
    {
        static string Nested(int depth) => new string('(', depth) + "1" + new string(')', depth);

        ExpressionParser.Parse(Nested(100), dialect);
        var error = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(Nested(100_000), dialect));
        Assert.Contains("nested more than", error.Message);
        Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(new string('!', 100_000) + "true", dialect));
    }

    [Fact]
    public void A_template_nested_past_the_limit_is_a_parse_error()
    {
        static string Nested(int depth) => "{{" + new string('(', depth) + "1" + new string(')', depth) + "}}";

        Assert.Equal("1", GoTemplate.Parse(Nested(TemplateLimits.MaxDepth - 2)).Execute((JsonNode?)null));
        var error = Assert.Throws<TemplateException>(() => GoTemplate.Parse(Nested(100_000)));
        Assert.Contains($"nested more than {TemplateLimits.MaxDepth} levels deep", error.Message);
    }

    private static string Program(FuzzRandom random, IReadOnlyList<string> parts)
    {
        if (random.Chance(5))
        {
            return random.Nested(random.Next(50, 20_000), "(", ")") + random.Pick(parts);
        }

        var count = random.Next(1, 16);
        var text = string.Concat(Enumerable.Range(0, count).Select(_ => random.Chance(90) ? random.Pick(parts) : random.Text(6)));
        return random.Chance(10) ? random.Mutate(text) : text;
    }

    private static JsonElement Data(FuzzRandom random)
    {
        var body = random.Chance(70) ? random.Json() : """{"n":3,"name":"x","list":[1,"a",null]}""";
        try
        {
            return JsonDocument.Parse($$"""{"body":{{body}},"n":{{random.Number()}},"name":"{{random.Next(9)}}"}""").RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("""{"body":null}""").RootElement.Clone();
        }
    }

    private static void Time(FuzzRun run, int index, string program, Action action)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            action();
        }
        catch (Exception ex)
        {
            Assert.Fail(run.Case(index, $"{program} threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}"));
        }

        Assert.True(watch.Elapsed < CaseLimit, run.Case(index, $"{program} took {watch.Elapsed}"));
    }

    private sealed class Outcomes
    {
        private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Add(string outcome) => _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;

        public override string ToString() => string.Join(", ", _counts.Select(c => $"{c.Key}×{c.Value}"));
    }
}
