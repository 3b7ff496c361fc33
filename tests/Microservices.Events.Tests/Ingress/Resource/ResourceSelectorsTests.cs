using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Resource;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Ingress.Resource;

/// <summary>The <c>resource</c> filter as pure functions: the label selector sent to the API server and Argo's checks of each object.</summary>
public sealed class ResourceSelectorsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T12:00:00Z");

    private static JsonObject Obj(string name = "my-workflow-1", string created = "2026-01-01T11:00:00Z", string? extra = null) =>
        JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","creationTimestamp":"{{{created}}}","labels":{"app":"x"}},"spec":{"serviceAccountName":"runner","replicas":3{{{extra}}}}}""")!.AsObject();

    [Theory]
    [InlineData("app", null, "x", "app==x")]
    [InlineData("app", "=", "x", "app=x")]
    [InlineData("app", "!=", "x", "app!=x")]
    [InlineData("env", "in", "a, b", "env in (a,b)")]
    [InlineData("env", "notin", "a,b", "env notin (a,b)")]
    [InlineData("done", "exists", "", "done")]
    [InlineData("done", "!", "", "!done")]
    [InlineData("rank", "gt", "2", "rank>2")]
    [InlineData("rank", "lt", "5", "rank<5")]
    public void A_label_requirement_becomes_the_selector_the_API_server_reads(string key, string? operation, string value, string expected) =>
        Assert.Equal(expected, ResourceSelectors.LabelSelector([new ResourceSelector { Key = key, Operation = operation, Value = value }]));

    [Fact]
    public void Several_labels_are_joined_by_commas_and_none_is_no_selector()
    {
        Assert.Equal("a==1,b!=2", ResourceSelectors.LabelSelector([new() { Key = "a", Value = "1" }, new() { Key = "b", Operation = "!=", Value = "2" }]));
        Assert.Null(ResourceSelectors.LabelSelector([]));
        Assert.Null(ResourceSelectors.LabelSelector(null));
    }

    public static TheoryData<string, ResourceFilter?, bool> Filters() => new()
    {
        { "no filter", null, true },
        { "prefix matches", new ResourceFilter { Prefix = "my-workflow" }, true },
        { "prefix does not match", new ResourceFilter { Prefix = "other" }, false },
        { "created before createdBy", new ResourceFilter { CreatedBy = "2026-01-01T11:30:00Z" }, true },
        { "created after createdBy", new ResourceFilter { CreatedBy = "2026-01-01T10:00:00Z" }, false },
        { "afterStart drops an object created before the start", new ResourceFilter { AfterStart = true }, false },
        { "field regex matches (unanchored)", new ResourceFilter { Fields = [new() { Key = "spec.serviceAccountName", Operation = "==", Value = "run" }] }, true },
        { "field regex does not match", new ResourceFilter { Fields = [new() { Key = "metadata.name", Value = "^other" }] }, false },
        { "field != with a match", new ResourceFilter { Fields = [new() { Key = "metadata.name", Operation = "!=", Value = "my-.*" }] }, false },
        { "field != without a match", new ResourceFilter { Fields = [new() { Key = "metadata.name", Operation = "!=", Value = "^other" }] }, true },
        { "a missing field fails", new ResourceFilter { Fields = [new() { Key = "spec.missing", Value = ".*" }] }, false },
        { "a number compares as the empty string", new ResourceFilter { Fields = [new() { Key = "spec.replicas", Value = "3" }] }, false },
        { "a label value matches an anchored regex", new ResourceFilter { Fields = [new() { Key = "metadata.labels.app", Value = "^x$" }] }, true },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void An_ADD_passes_the_filter_as_Argo_judges_it(string _, ResourceFilter? filter, bool passes) =>
        Assert.Equal(passes, ResourceSelectors.Passes(ResourceEvents.Add, Obj(), filter, Start, Start.AddMinutes(5)));

    [Fact]
    public void AfterStart_judges_an_update_by_its_latest_managed_fields_update_and_a_delete_by_its_deletion_time()
    {
        var updated = Obj(extra: "").AsObject();
        updated["metadata"]!["managedFields"] = JsonNode.Parse("""[{"operation":"Update","time":"2026-01-01T12:30:00Z"},{"operation":"Apply","time":"2026-01-01T13:00:00Z"}]""");
        var filter = new ResourceFilter { AfterStart = true };

        Assert.Equal(DateTimeOffset.Parse("2026-01-01T12:30:00Z"), ResourceSelectors.EventTime(ResourceEvents.Update, updated, Start));
        Assert.True(ResourceSelectors.Passes(ResourceEvents.Update, updated, filter, Start, Start));
        Assert.False(ResourceSelectors.Passes(ResourceEvents.Update, Obj(), filter, Start, Start));
        Assert.True(ResourceSelectors.Passes(ResourceEvents.Delete, Obj(), filter, Start, Start.AddSeconds(1)));
        var deleted = Obj();
        deleted["metadata"]!["deletionTimestamp"] = "2026-01-01T11:59:00Z";
        Assert.False(ResourceSelectors.Passes(ResourceEvents.Delete, deleted, filter, Start, Start.AddSeconds(1)));
    }

    [Fact]
    public void A_path_follows_objects_array_indexes_and_escaped_dots()
    {
        var obj = JsonNode.Parse("""{"spec":{"containers":[{"image":"busybox"}]},"metadata":{"annotations":{"a.b/c":"v"}}}""");

        Assert.True(ResourceSelectors.Find(obj, "spec.containers.0.image", out var image));
        Assert.Equal("busybox", image!.GetValue<string>());
        Assert.True(ResourceSelectors.Find(obj, @"metadata.annotations.a\.b/c", out var annotation));
        Assert.Equal("v", annotation!.GetValue<string>());
        Assert.False(ResourceSelectors.Find(obj, "spec.containers.1.image", out _));
    }
}
