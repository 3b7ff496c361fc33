using System.Text.Json.Nodes;
using Microservices.Events.Testing.Kubernetes;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>The API double's pure parts: merge and strategic merge patch, JSON patch, label selectors.</summary>
public sealed class KubePatchAndSelectorTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":2}}""", """{"b":{"d":3},"a":null}""", false, """{"b":{"c":2,"d":3}}""")]
    [InlineData("""{"l":[{"name":"x","v":1},{"name":"y","v":2}]}""", """{"l":[{"name":"y","v":9}]}""", false, """{"l":[{"name":"y","v":9}]}""")]
    [InlineData("""{"l":[{"name":"x","v":1},{"name":"y","v":2}]}""", """{"l":[{"name":"y","v":9},{"name":"z","v":3}]}""", true, """{"l":[{"name":"x","v":1},{"name":"y","v":9},{"name":"z","v":3}]}""")]
    [InlineData("""{"l":[1,2]}""", """{"l":[3]}""", true, """{"l":[3]}""")]
    [InlineData("""{"a":"s"}""", """{"a":{"b":1}}""", false, """{"a":{"b":1}}""")]
    public void Merge_patches_merge_objects_and_delete_nulls_and_strategic_ones_merge_named_lists(string target, string patch, bool strategic, string expected)
    {
        var result = MergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch), strategic);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"add","path":"/a/c","value":2}]""", """{"a":{"b":1,"c":2}}""")]
    [InlineData("""{"l":[1,2]}""", """[{"op":"add","path":"/l/-","value":3},{"op":"add","path":"/l/0","value":0}]""", """{"l":[0,1,2,3]}""")]
    [InlineData("""{"a":1,"b":2}""", """[{"op":"remove","path":"/a"},{"op":"replace","path":"/b","value":5}]""", """{"b":5}""")]
    [InlineData("""{"a":{"x":1},"b":{}}""", """[{"op":"move","from":"/a/x","path":"/b/y"},{"op":"copy","from":"/b","path":"/c"}]""", """{"a":{},"b":{"y":1},"c":{"y":1}}""")]
    [InlineData("""{"a~b":{"c/d":1}}""", """[{"op":"replace","path":"/a~0b/c~1d","value":2},{"op":"test","path":"/a~0b/c~1d","value":2}]""", """{"a~b":{"c/d":2}}""")]
    public void Json_patch_applies_its_operations_in_order(string document, string operations, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(operations)!.AsArray());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/missing"}]""", "path does not exist")]
    [InlineData("""[{"op":"replace","path":"/a","value":1},{"op":"test","path":"/a","value":2}]""", "test failed")]
    [InlineData("""[{"op":"add","path":"/a"}]""", "\"value\" is required")]
    [InlineData("""[{"op":"jump","path":"/a"}]""", "unknown op \"jump\"")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""", "is not a JSON pointer")]
    public void A_json_patch_that_cannot_apply_says_which_operation_failed(string operations, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":0}"""), JsonNode.Parse(operations)!.AsArray()));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("operation ", error.Message);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier=front", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (api, web)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing,app", true)]
    [InlineData("missing!=x", true)]
    [InlineData("example.com/role=edge", true)]
    public void Label_selectors_match_as_the_api_server_reads_them(string selector, bool matches)
    {
        var obj = JsonNode.Parse("""{"metadata":{"labels":{"app":"web","tier":"front","example.com/role":"edge"}}}""");

        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(obj));
    }

    [Theory]
    [InlineData("app in web")]
    [InlineData("=x")]
    [InlineData("app=web,,(")]
    public void A_selector_that_does_not_parse_is_a_400(string selector)
    {
        var error = Assert.Throws<KubeApiException>(() => LabelSelector.Parse(selector));

        Assert.Equal(400, error.Code);
    }
}
