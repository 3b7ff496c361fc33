using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Resource;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Ingress.Resource;

/// <summary>The <c>resource</c> events as pure functions: Argo's event data, the coordinates of an id, and what a re-list means.</summary>
public sealed class ResourceEventsTests
{
    private static JsonObject Obj(string uid, string rv, string name = "w") =>
        JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","uid":"{{{uid}}}","resourceVersion":"{{{rv}}}"}}""")!.AsObject();

    [Theory]
    [InlineData("ADDED", "ADD")]
    [InlineData("MODIFIED", "UPDATE")]
    [InlineData("DELETED", "DELETE")]
    [InlineData("BOOKMARK", null)]
    [InlineData("ERROR", null)]
    public void Watch_types_map_to_Argo_event_types(string watch, string? argo) => Assert.Equal(argo, ResourceEvents.FromWatch(watch));

    [Fact]
    public void The_event_data_has_Argo_fields_with_the_old_body_of_an_update_and_the_metadata()
    {
        var spec = new ResourceEventSource { Group = "argoproj.io", Version = "v1alpha1", Resource = "workflows", Metadata = new Dictionary<string, string> { ["team"] = "a" } };
        var update = ResourceEvents.Data(new ResourceChange(ResourceEvents.Update, Obj("u1", "12"), Obj("u1", "11")), spec);
        var add = ResourceEvents.Data(new ResourceChange(ResourceEvents.Add, Obj("u1", "11"), null), spec with { Metadata = null });

        Assert.Equal("UPDATE", update.GetProperty("type").GetString());
        Assert.Equal("12", update.GetProperty("body").GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("11", update.GetProperty("oldBody").GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal(("argoproj.io", "v1alpha1", "workflows"), (update.GetProperty("group").GetString(), update.GetProperty("version").GetString(), update.GetProperty("resource").GetString()));
        Assert.Equal("a", update.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(JsonValueKind.Null, add.GetProperty("oldBody").ValueKind);
        Assert.False(add.TryGetProperty("metadata", out _));
    }

    [Fact]
    public void An_id_is_made_of_the_uid_the_resource_version_and_the_type()
    {
        Assert.Equal(["u1", "12", "DELETE"], ResourceEvents.Coordinates(new ResourceChange(ResourceEvents.Delete, Obj("u1", "12"), null)));
    }

    [Fact]
    public void A_relist_reports_new_objects_as_ADD_changed_ones_as_UPDATE_and_missing_ones_as_DELETE()
    {
        var known = new Dictionary<string, JsonObject> { ["same"] = Obj("same", "5"), ["changed"] = Obj("changed", "6"), ["gone"] = Obj("gone", "7") };
        var listed = new[] { Obj("new", "20"), Obj("changed", "15"), Obj("same", "5") };

        var changes = ResourceEvents.Diff(known, listed);

        Assert.Equal([("UPDATE", "changed"), ("ADD", "new"), ("DELETE", "gone")], changes.Select(c => (c.Type, c.Uid)));
        Assert.Equal("6", changes[0].Previous!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["ADD", "ADD"], ResourceEvents.Diff(new Dictionary<string, JsonObject>(), [Obj("a", "1"), Obj("b", "2")]).Select(c => c.Type));
    }
}
