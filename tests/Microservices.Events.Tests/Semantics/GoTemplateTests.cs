using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Templates;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Go text/template + sprig semantics, one table per construct, against one input rendered as <c>.Input</c>.</summary>
public sealed class GoTemplateTests
{
    private const string Input = """
        {"user":{"name":"ada lovelace","langs":["go","c#","lua"],"age":36,"score":4.5,"active":true,"nick":null},
         "tags":{"b":"2","a":"1"},"count":3,"big":1000000,"empty":"","zero":0}
        """;

    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2024, 7, 15, 10, 4, 5, 500, TimeSpan.Zero));

    public static TheoryData<string, string> TextAndTrim() => new()
    {
        { "plain", "plain" },
        { """a {{- " b " -}} c""", "a b c" },
        { "a\n  {{- 1 }}\n", "a1\n" },
        { "{{ 1 -}}\n  b", "1b" },
        { "{{/* note */}}x", "x" },
        { "a  {{- /* note */ -}}  b", "ab" },
        { "{{ -3 }}", "-3" },
        { "{{ `raw\\n` }}", "raw\\n" },
        { """{{ "tab\there" }}""", "tab\there" },
        { "{{ 'a' }}", "97" },
        { "{{ 0x1F }} {{ 1_000 }} {{ 1e3 }} {{ 2.50 }}", "31 1000 1000 2.5" },
    };

    public static TheoryData<string, string> FieldsAndVariables() => new()
    {
        { "{{ .Input.user.name }}", "ada lovelace" },
        { "{{ .Input.user.missing }}", "<no value>" },
        { "{{ .Input.user.missing.deeper }}", "<no value>" },
        { "{{ .Input.user.nick }}", "<no value>" },
        { "{{ .Input.count }} {{ .Input.big }} {{ .Input.user.score }}", "3 1e+06 4.5" },
        { "{{ .Input.user.langs }}", "[go c# lua]" },
        { "{{ .Input.tags }}", "map[a:1 b:2]" },
        { "{{ .Input.user.active }}", "true" },
        { "{{ $.Input.count }}", "3" },
        { "{{ $n := .Input.user.name }}{{ $n }}", "ada lovelace" },
        { "{{ $n := 1 }}{{ $n = 2 }}{{ $n }}", "2" },
        { "{{ $u := .Input.user }}{{ $u.age }}", "36" },
        { """{{ (dict "k" "v").k }}""", "v" },
    };

    public static TheoryData<string, string> Pipelines() => new()
    {
        { "{{ .Input.user.name | upper }}", "ADA LOVELACE" },
        { """{{ .Input.user.name | title | printf "%s!" }}""", "Ada Lovelace!" },
        { "{{ (index .Input.user.langs 1) | upper }}", "C#" },
        { """{{ .Input.user.missing | default "d" }}""", "d" },
        { """{{ "a" | printf "%s%s" "b" }}""", "ba" },
    };

    public static TheoryData<string, string> Conditionals() => new()
    {
        { "{{ if .Input.user.active }}yes{{ else }}no{{ end }}", "yes" },
        { "{{ if .Input.empty }}a{{ else if .Input.zero }}b{{ else if .Input.count }}c{{ else }}d{{ end }}", "c" },
        { "{{ if .Input.user.missing }}a{{ else }}b{{ end }}", "b" },
        { "{{ if .Input.user.langs }}a{{ end }}", "a" },
        { "{{ if and .Input.count .Input.empty }}a{{ else }}b{{ end }}", "b" },
        { "{{ if or .Input.empty .Input.count }}a{{ end }}", "a" },
        { "{{ if not .Input.empty }}a{{ end }}", "a" },
        { "{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 \"\" \"x\" }}|{{ or 0 \"\" }}|", "0|2|x||" },
        { "{{ or .Input.count (index .Input.user.langs 9) }}", "3" },
        { "{{ with .Input.user }}{{ .name }}{{ end }}", "ada lovelace" },
        { "{{ with .Input.missing }}x{{ else }}none{{ end }}", "none" },
        { "{{ with $x := .Input.count }}{{ $x }}{{ end }}", "3" },
        { "{{ with .Input.empty }}a{{ else with .Input.count }}{{ . }}{{ end }}", "3" },
    };

    public static TheoryData<string, string> Ranges() => new()
    {
        { "{{ range .Input.user.langs }}[{{ . }}]{{ end }}", "[go][c#][lua]" },
        { "{{ range $i, $l := .Input.user.langs }}{{ $i }}={{ $l }} {{ end }}", "0=go 1=c# 2=lua " },
        { "{{ range $l := .Input.user.langs }}{{ $l }}{{ end }}", "goc#lua" },
        { "{{ range $k, $v := .Input.tags }}{{ $k }}{{ $v }}{{ end }}", "a1b2" },
        { "{{ range .Input.none }}x{{ else }}empty{{ end }}", "empty" },
        { "{{ range $l := .Input.user.langs }}{{ if eq $l \"c#\" }}{{ break }}{{ end }}{{ $l }}{{ end }}", "go" },
        { "{{ range $l := .Input.user.langs }}{{ if eq $l \"c#\" }}{{ continue }}{{ end }}{{ $l }}{{ end }}", "golua" },
        { "{{ range 3 }}{{ . }}{{ end }}", "012" },
        { "{{ range .Input.user.langs }}{{ $.Input.count }}{{ end }}", "333" },
    };

    public static TheoryData<string, string> Builtins() => new()
    {
        { """{{ eq .Input.user.name "ada lovelace" }}""", "true" },
        { "{{ eq .Input.count 3.0 }}", "true" },
        { """{{ eq .Input.user.name "x" "ada lovelace" }}""", "true" },
        { "{{ eq .Input.user.missing \"x\" }}", "false" },
        { "{{ ne .Input.count 2.0 }}", "true" },
        { "{{ lt 1 2 }} {{ le 2 2 }} {{ gt .Input.user.score 4.0 }} {{ ge \"b\" \"a\" }} {{ gt 1 2 }}", "true true true true false" },
        { "{{ len .Input.user.langs }} {{ len .Input.user.name }} {{ len .Input.tags }} {{ len \"é\" }}", "3 12 2 2" },
        { """{{ index .Input.tags "b" }} {{ index .Input "user" "langs" 2 }}""", "2 lua" },
        { """{{ index .Input.tags "zz" }}""", "<no value>" },
        { """{{ printf "%s-%d-%v-%q-%.2f" "a" 7 .Input.user.score "q" 3.14159 }}""", "a-7-4.5-\"q\"-3.14" },
        { """{{ printf "%d" .Input.count }}""", "%!d(float64=3)" },
        { """{{ printf "%f %e %g" .Input.user.score .Input.big .Input.big }}""", "4.500000 1.000000e+06 1e+06" },
        { """{{ printf "%5s|%-5s|%05d|%+d" "ab" "cd" 42 5 }}""", "   ab|cd   |00042|+5" },
        { """{{ printf "%s %s" "only" }}""", "only %!s(MISSING)" },
        { """{{ printf "%s" "a" "b" }}""", "a%!(EXTRA string=b)" },
        { """{{ printf "%v %s %t %x %%" .Input.user.langs .Input.user.langs true "hi" }}""", "[go c# lua] [go c# lua] true 6869 %" },
        { """{{ printf "%q" "a\"b\n" }}""", "\"a\\\"b\\n\"" },
        { """{{ printf "%s|%d|%s" .Input.tags (dict "a" 1) .Input.count }}""", "map[a:1 b:2]|map[%!d(string=a):1]|%!s(float64=3)" },
        { """{{ print "a" 1 2 "b" }}""", "a1 2b" },
        { """{{ println "a" 1 }}""", "a 1\n" },
    };

    public static TheoryData<string, string> SprigStrings() => new()
    {
        { "{{ upper .Input.user.name }} {{ lower \"ÀB\" }}", "ADA LOVELACE àb" },
        { """{{ title "hello wide_world-x" }}""", "Hello Wide_world-X" },
        { """{{ trim "  x \n" }}""", "x" },
        { """{{ trimPrefix "ada " .Input.user.name }}|{{ trimSuffix "lace" .Input.user.name }}""", "lovelace|ada love" },
        { """{{ replace " " "_" .Input.user.name }}""", "ada_lovelace" },
        { """{{ contains "love" .Input.user.name }} {{ hasPrefix "ada" .Input.user.name }} {{ hasSuffix "x" .Input.user.name }}""", "true true false" },
        { """{{ quote .Input.user.name 3 }} {{ squote "a" }} {{ quote "a\"b" }}""", "\"ada lovelace\" \"3\" 'a' \"a\\\"b\"" },
        { """{{ default "anon" .Input.user.nick }}|{{ default "anon" .Input.user.name }}|{{ default 5 .Input.zero }}""", "anon|ada lovelace|5" },
        { """{{ (split "," "a,b,c")._1 }} {{ splitList "," "a,b" }}""", "b [a b]" },
        { """{{ join "+" .Input.user.langs }} {{ join "," (list 1 "a" nil 2.5) }}""", "go+c#+lua 1,a,2.5" },
    };

    public static TheoryData<string, string> SprigEncodings() => new()
    {
        { """{{ b64enc "hi there" }}""", "aGkgdGhlcmU=" },
        { """{{ b64dec "aGkgdGhlcmU=" }}""", "hi there" },
        { """{{ b64dec "aGkgdGhlcmU" }}""", "illegal base64 data at input byte 8" },
        { """{{ b64dec "a$==" }}""", "illegal base64 data at input byte 1" },
        { """{{ b64dec "aGk=x" }}""", "illegal base64 data at input byte 4" },
        { "{{ toJson .Input.user }}", """{"active":true,"age":36,"langs":["go","c#","lua"],"name":"ada lovelace","nick":null,"score":4.5}""" },
        { """{{ toJson "<a&b>" }} {{ toRawJson "<a&b>" }}""", "\"\\u003ca\\u0026b\\u003e\" \"<a&b>\"" },
        { "{{ toJson .Input.big }} {{ toJson 1e21 }} {{ toJson 0.0000001 }}", "1000000 1e+21 1e-7" },
        { """{{ (fromJson "{\"a\":[1,2]}").a }} {{ fromJson "nope" }}""", "[1 2] <no value>" },
    };

    public static TheoryData<string, string> SprigConversionsListsMath() => new()
    {
        { """{{ int "42" }} {{ int "8.0" }} {{ int "x" }} {{ int .Input.user.score }} {{ int64 "0x1f" }} {{ int true }}""", "42 8 0 4 31 1" },
        { """{{ float64 "2.5" }} {{ toString 12 }} {{ toString .Input.user.score }} {{ toString .Input.user.langs }}""", "2.5 12 4.5 [go c# lua]" },
        { """{{ list 1 "a" }} {{ dict "b" 1 "a" }}""", "[1 a] map[a: b:1]" },
        { "{{ first .Input.user.langs }} {{ last .Input.user.langs }} {{ first (list) }}", "go lua <no value>" },
        { """{{ add 1 2 "3" }} {{ sub 10 .Input.count }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ add .Input.user.score 1 }}""", "6 7 24 3 5" },
    };

    public static TheoryData<string, string> SprigTime() => new()
    {
        { """{{ now | date "2006-01-02" }}""", "2024-07-15" },
        { """{{ date "2006-01-02T15:04:05Z07:00" now }}""", "2024-07-15T10:04:05Z" },
        { """{{ date "Mon Jan _2 3:04PM .000 MST" now }}""", "Mon Jul 15 10:04AM .500 UTC" },
        { """{{ date "Monday, 02-January-06 15:04:05.999 -07:00 002" now }}""", "Monday, 15-July-24 10:04:05.5 +00:00 197" },
        { """{{ date "2006-01-02" 0 }}""", "1970-01-01" },
        { """{{ date "02/01/06" .Input.count }}""", "15/07/24" },
        { "{{ now }}", "2024-07-15 10:04:05.5 +0000 UTC" },
    };

    [Theory]
    [MemberData(nameof(TextAndTrim))]
    [MemberData(nameof(FieldsAndVariables))]
    [MemberData(nameof(Pipelines))]
    [MemberData(nameof(Conditionals))]
    [MemberData(nameof(Ranges))]
    [MemberData(nameof(Builtins))]
    [MemberData(nameof(SprigStrings))]
    [MemberData(nameof(SprigEncodings))]
    [MemberData(nameof(SprigConversionsListsMath))]
    [MemberData(nameof(SprigTime))]
    public void Templates_render_as_Go_renders_them(string template, string expected)
    {
        Assert.Equal(expected, GoTemplate.Parse(template).Execute(JsonNode.Parse(Input), Clock));
    }

    [Theory]
    [InlineData("{{ no }}", "function \"no\" not defined")]
    [InlineData("{{ if .x }}", "unexpected EOF")]
    [InlineData("{{ end }}", "unexpected {{end}}")]
    [InlineData("{{ else }}", "unexpected {{else}}")]
    [InlineData("{{ $y }}", "undefined variable \"$y\"")]
    [InlineData("{{ if 1 }}{{ $z := 1 }}{{ end }}{{ $z }}", "undefined variable \"$z\"")]
    [InlineData("{{ .a", "unclosed action")]
    [InlineData("{{ break }}", "{{break}} outside {{range}}")]
    [InlineData("{{ define \"x\" }}{{ end }}", "is not supported")]
    [InlineData("{{ .a | \"x\" }}", "non executable command in pipeline stage 2")]
    [InlineData("{{ \"open }}", "unterminated quoted string")]
    [InlineData("{{ (upper \"x\" }}", "unclosed left paren")]
    [InlineData("{{ }}", "missing value for command")]
    [InlineData("{{ 3x }}", "bad number syntax")]
    [InlineData("{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}", "expected end; found {{else}}")]
    public void Unparsable_templates_are_refused_with_the_reason(string template, string reason)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template));
        Assert.Contains(reason, ex.Message);
        Assert.StartsWith("template: 1:", ex.Message);
    }

    [Theory]
    [InlineData('\udc00')]
    [InlineData('\ud800')]
    public void A_character_constant_of_a_lone_surrogate_is_refused_as_malformed(char surrogate)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse($"{{{{ '{surrogate}' }}}}"));
        Assert.Contains("malformed character constant", ex.Message);
    }

    [Fact]
    public void A_character_constant_of_a_surrogate_pair_is_its_code_point()
    {
        Assert.Equal("128512", GoTemplate.Parse("{{ '\ud83d\ude00' }}").Execute(JsonNode.Parse(Input), Clock));
    }

    [Theory]
    [InlineData("{{ upper .Input.user.missing }}", "invalid value; expected string")]
    [InlineData("{{ upper .Input.count }}", "wrong type for value; expected string; got float64")]
    [InlineData("{{ .Input.user.name.first }}", "can't evaluate field first in type string")]
    [InlineData("{{ .Input.user.nick.x }}", "nil pointer evaluating interface {}.x")]
    [InlineData("{{ .Input.user.name 1 }}", "name is not a method but has arguments")]
    [InlineData("{{ eq .Input.count 3 }}", "incompatible types for comparison")]
    [InlineData("{{ lt true false }}", "invalid type for comparison")]
    [InlineData("{{ index .Input.user.langs 5 }}", "index out of range: 5")]
    [InlineData("{{ len .Input.count }}", "len of type float64")]
    [InlineData("{{ div 1 0 }}", "integer divide by zero")]
    [InlineData("{{ upper \"a\" \"b\" }}", "wrong number of args for upper: want 1 got 2")]
    [InlineData("{{ range .Input.user.name }}{{ end }}", "range can't iterate over ada lovelace")]
    [InlineData("{{ 3 4 }}", "can't give argument to non-function 3")]
    [InlineData("{{ first .Input.user.name }}", "Cannot find first on type string")]
    public void Execution_errors_name_the_action_and_the_reason(string template, string reason)
    {
        var parsed = GoTemplate.Parse(template);

        var ex = Assert.Throws<TemplateException>(() => parsed.Execute(JsonNode.Parse(Input), Clock));
        Assert.Contains(reason, ex.Message);
        Assert.Contains("executing at <", ex.Message);
    }

    [Fact]
    public void Top_level_fields_besides_Input_are_readable()
    {
        var fields = new Dictionary<string, JsonNode?> { ["Input"] = JsonValue.Create("in"), ["Extra"] = JsonNode.Parse("""{"n":1}""") };

        Assert.Equal("in 1", GoTemplate.Parse("{{ .Input }} {{ .Extra.n }}").Execute(fields, Clock));
    }

    [Fact]
    public void An_error_message_points_at_line_and_column()
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("line one\n  {{ nope }}"));

        Assert.Equal("template: 2:6: function \"nope\" not defined", ex.Message);
    }

    [Fact]
    public void Parsed_templates_are_reused_from_the_cache()
    {
        Assert.Same(GoTemplate.ParseCached("{{ .Input }}"), GoTemplate.ParseCached("{{ .Input }}"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
