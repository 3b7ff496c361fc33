using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>The path a spec walk names in its findings: dots between fields, indexes in brackets, made text only when asked.</summary>
public sealed class JsonPathTrailTests
{
    [Theory]
    [InlineData("", new object[] { }, "")]
    [InlineData("", new object[] { "spec" }, "spec")]
    [InlineData("", new object[] { "spec", "triggers", 0, "template", "http" }, "spec.triggers[0].template.http")]
    [InlineData("", new object[] { 2, "name" }, "[2].name")]
    [InlineData("", new object[] { "", "a" }, "a")]
    [InlineData("spec.triggers[3].template.k8s", new object[] { "source", "resource" }, "spec.triggers[3].template.k8s.source.resource")]
    [InlineData("spec", new object[] { 0, 1 }, "spec[0][1]")]
    public void Segments_entered_read_as_the_path_text(string root, object[] segments, string expected)
    {
        var trail = new JsonPathTrail(root);
        foreach (var segment in segments)
        {
            _ = segment is int index ? trail.Enter(index) : trail.Enter((string)segment);
        }

        Assert.Equal(expected, trail.ToString());
    }

    [Fact]
    public void A_disposed_scope_leaves_its_segment()
    {
        var trail = new JsonPathTrail("");
        using (trail.Enter("spec"))
        {
            using (trail.Enter("dependencies"))
            using (trail.Enter(4))
            {
                Assert.Equal("spec.dependencies[4]", trail.ToString());
            }

            using (trail.Enter("triggers"))
            {
                Assert.Equal("spec.triggers", trail.ToString());
            }
        }

        Assert.Equal("", trail.ToString());
    }

    [Fact]
    public void Null_items_and_unknown_fields_are_reported_at_their_paths()
    {
        var document = JsonNode.Parse("""{"spec":{"dependencies":[{"name":"a","filters":{"data":[null,{"path":"x"}]}},null],"colour":"red"}}""");
        var diagnostics = new List<SpecDiagnostic>();

        NullValues.Strip(document, "", diagnostics);
        var unknown = UnknownFieldScanner.Scan(document, typeof(Microservices.Events.Specs.Model.Sensor), "").ToList();

        Assert.Equal(["spec.dependencies[1]: a list item must not be null", "spec.dependencies[0].filters.data[0]: a list item must not be null"], diagnostics.Select(d => d.ToString()));
        Assert.Equal(["spec.colour: unknown field (ignored)"], unknown.Select(d => d.ToString()));
    }
}
