using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Transforms;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/transform_test.go</c>: jq and Lua transforms of the event data. Unnamed cases are #n by place.</summary>
public sealed class TransformTests
{
    /// <param name="Expected">The data after the transform; null when the transform fails.</param>
    public sealed record Row(ArgoCase Case, EventDependencyTransformer Transform, string Data, string? Expected) : IArgoCase;

    public static readonly Row[] Cases =
    [
        new(new ArgoCase("TestApplyJQTransform#1"), new() { Jq = ".a += 1 | .b *= 2" }, """{"a":1,"b":"2"}""", """{"a":2,"b":"22"}"""),
        new(new ArgoCase(ArgoCase.GoName("TestApplyScriptTransform", "empty array from lua")),
            new() { Script = "event.env = setmetatable({}, { __is_array = true })\nreturn event" }, """{"env": 123}""", """{"env":[]}"""),
        new(new ArgoCase("TestApplyScriptTransform#1"), new() { Script = "event.c.d[1]=4\nreturn event" }, """{"a":1,"b":"2","c":{"d":[3]}}""", """{"a":1,"b":"2","c":{"d":[4]}}"""),
        new(new ArgoCase("TestApplyScriptTransform#2"), new() { Script = "return \"hello\"" }, """{"a":1,"b":"2","c":{"d":[3]}}""", null),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Transforms_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);
        var @event = new EventEnvelope { Id = "123", Subject = "hello", Data = JsonDocument.Parse(c.Data).RootElement };

        var result = EventTransform.Apply(c.Transform, @event);

        if (c.Expected is null)
        {
            Assert.NotNull(result.Error);
            return;
        }

        Assert.Null(result.Error);
        var actual = JsonNode.Parse(result.Event.Data!.Value.GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(c.Expected), actual), actual?.ToJsonString());
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
