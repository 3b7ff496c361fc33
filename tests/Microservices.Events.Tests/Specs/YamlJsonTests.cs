using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using YamlDotNet.Core;

namespace Microservices.Events.Tests.Specs;

/// <summary>YAML documents read in one pass of parser events into JSON nodes, typed by the YAML 1.2 core schema.</summary>
public sealed class YamlJsonTests
{
    public static TheoryData<string, string, string> Conversions => new()
    {
        { "plain scalars are typed", "a: 1\nb: -2\nc: 1.5\nd: true\ne: False\nf: ~\ng: text\nh: 1e3", """{"a":1,"b":-2,"c":1.5,"d":true,"e":false,"f":null,"g":"text","h":1000}""" },
        { "a plain scalar is a number only if all of it is one", "a: +3\nb: .5\nc: -.5\nd: 1abc\ne: -x\nf: .x\ng: 0.5.1\nh: x1\ni: +\nj: 007", """{"a":3,"b":0.5,"c":-0.5,"d":"1abc","e":"-x","f":".x","g":"0.5.1","h":"x1","i":"+","j":7}""" },
        { "quoted, block and !!str scalars stay strings", "a: '1'\nb: \"true\"\nc: !!str 2\nd: |\n  x\ne: >\n  y\n", """{"a":"1","b":"true","c":"2","d":"x\n","e":"y\n"}""" },
        { "keys are their text, not their type", "1: a\ntrue: b\nnull: c", """{"1":"a","true":"b","null":"c"}""" },
        { "lists and nested mappings", "a:\n  - 1\n  - {b: [x, y]}\n  -\n", """{"a":[1,{"b":["x","y"]},null]}""" },
        { "an alias is a copy of its anchor's node", "a: &x {b: 1}\nc: *x\nd: &s word\ne: *s", """{"a":{"b":1},"c":{"b":1},"d":"word","e":"word"}""" },
        { "an alias of a list repeats it", "a: &l [1, 2]\nb: [*l, *l]", """{"a":[1,2],"b":[[1,2],[1,2]]}""" },
        { "an aliased key is its anchor's text", "a: &k key\n*k : v", """{"a":"key","key":"v"}""" },
        { "a merge key is kept as an ordinary key, not merged", "a: &x {b: 1}\nc:\n  <<: *x", """{"a":{"b":1},"c":{"<<":{"b":1}}}""" },
        { "an empty value is null", "a:\nb: {}", """{"a":null,"b":{}}""" },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void A_document_converts_to_the_json_it_means(string because, string yaml, string json)
    {
        var document = Assert.Single(YamlJson.ParseDocuments(yaml));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), document), $"{because}: {document?.ToJsonString()}");
    }

    [Fact]
    public void Every_document_of_a_text_is_read_in_order_and_an_empty_one_is_null()
    {
        var documents = YamlJson.ParseDocuments("a: 1\n---\n---\nb: 2\n");

        Assert.Equal(["""{"a":1}""", "null", """{"b":2}"""], documents.Select(d => d?.ToJsonString() ?? "null"));
    }

    [Fact]
    public void Anchors_hold_within_their_document_only()
    {
        var error = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("a: &x 1\n---\nb: *x\n"));

        Assert.Contains("alias *x refers to no anchor defined before it", error.Message);
        Assert.Equal(3, error.Start.Line);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", 2)]
    [InlineData("x:\n  a: 1\n  'a': 2\n", 3)]
    public void A_key_given_twice_in_one_mapping_is_refused_at_its_line(string yaml, int line)
    {
        var error = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments(yaml));

        Assert.Contains("duplicate key \"a\" in one mapping", error.Message);
        Assert.Equal(line, error.Start.Line);
    }

    [Fact]
    public void The_same_key_in_two_mappings_is_not_a_duplicate()
    {
        var document = Assert.Single(YamlJson.ParseDocuments("- a: 1\n- a: 2\n"));

        Assert.Equal("""[{"a":1},{"a":2}]""", document!.ToJsonString());
    }

    [Fact]
    public void A_duplicate_key_in_a_spec_file_is_an_error_naming_the_line_and_the_key()
    {
        var file = SpecLoader.Load("apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nkind: Sensor\n");

        var error = Assert.Single(file.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("invalid YAML at line 3", error.Message);
        Assert.Contains("duplicate key \"kind\"", error.Message);
    }
}
