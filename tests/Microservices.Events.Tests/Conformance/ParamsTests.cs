using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// Argo's <c>pkg/sensors/triggers/params_test.go</c>: resolving a parameter's value from an event, writing it into a
/// document, building a payload. Tests without sub-tests are one case each (facts named after the Go test).
/// </summary>
public sealed class ParamsTests
{
    private const string ResolveData = """{"name": {"first": "fake", "last": "user"}, "reviews": 8, "rating": 4.5, "isActive" : true, "isVerified" : false, "countries": ["ca", "us", "mx"]}""";

    private static readonly DateTimeOffset Now = new(2024, 7, 15, 10, 0, 0, TimeSpan.Zero);

    private static EventEnvelope Event(string data, string id = "1", string type = "webhook", string source = "webhook-gateway", string contentType = "application/json") => new()
    {
        Id = id,
        SpecVersion = "",
        Type = type,
        Source = source,
        Subject = "example-1",
        DataContentType = contentType,
        Time = Now,
        Data = JsonDocument.Parse(data).RootElement,
    };

    private static Dictionary<string, EventEnvelope> Events(string data) => new() { ["fake-dependency"] = Event(data) };

    private static TriggerParameterSource Src(string? dataKey = null, string? contextKey = null, string? dataTemplate = null, string? contextTemplate = null, string? value = null, bool raw = false) =>
        new() { DependencyName = "fake-dependency", DataKey = dataKey, ContextKey = contextKey, DataTemplate = dataTemplate, ContextTemplate = contextTemplate, Value = value, UseRawData = raw ? true : null };

    /// <summary>The event as Go's encoding/json writes Argo's Event: the context, then the data bytes in base64.</summary>
    private static string GoEncodedEvent(string data) =>
        "{\"context\":{\"id\":\"1\",\"source\":\"webhook-gateway\",\"specversion\":\"\",\"type\":\"webhook\",\"datacontenttype\":\"application/json\",\"subject\":\"example-1\",\"time\":\"2024-07-15T10:00:00Z\"}," +
        $"\"data\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(data))}\"}}";

    public sealed record ResolveRow(ArgoCase Case, TriggerParameterSource Source, string Expected) : IArgoCase;

    private static ResolveRow R(string name, TriggerParameterSource source, string expected) =>
        new(new ArgoCase(ArgoCase.GoName("TestResolveParamValue", name)), source, expected);

    public static readonly ResolveRow[] ResolveCases =
    [
        R("get first name", Src(dataKey: "name.first"), "fake"),
        R("get the event subject", Src(contextKey: "subject"), "example-1"),
        R("get the entire payload", Src(), GoEncodedEvent(ResolveData)),
        R("get the default value", Src(value: "hello"), "hello"),
        R("data key has preference over context key", Src(contextKey: "subject", dataKey: "name.first"), "fake"),
        R("get first name with template", Src(dataTemplate: "{{ .Input.name.first }}"), "fake"),
        R("get capitalized first name with template", Src(dataTemplate: "{{ upper .Input.name.first }}"), "FAKE"),
        R("get subject with template", Src(contextTemplate: "{{ .Input.subject }}"), "example-1"),
        R("get formatted subject with template", Src(contextTemplate: """{{ .Input.subject | replace "-" "_" }}"""), "example_1"),
        R("data template has preference over context template", Src(contextTemplate: "{{ .Input.subject }}", dataTemplate: "{{ .Input.name.first }}"), "fake"),
        R("data template fails over to data key", Src(dataTemplate: "{{ .Input.name.non_exist }}", dataKey: "name.first"), "fake"),
        R("invalid template fails over to data key", Src(dataTemplate: "{{ no }}", dataKey: "name.first"), "fake"),
        R("UseRawData set to true - string", Src(dataKey: "name.first", raw: true), "fake"),
        R("UseRawData set to true - json", Src(dataKey: "name", raw: true), """{"first": "fake", "last": "user"}"""),
        R("UseRawData set to true - list", Src(dataKey: "countries", raw: true), """["ca", "us", "mx"]"""),
    ];

    public static TheoryData<string> ResolveNames() => ArgoCases.Names(ResolveCases);

    [Theory]
    [MemberData(nameof(ResolveNames))]
    public void Parameter_values_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(ResolveCases, name);

        Assert.Equal(c.Expected, ParameterResolver.Resolve(c.Source, Events(ResolveData))?.Text);
    }

    private const string ApplyData = """{"name": {"first": "fake", "last": "user"}, "age": 100, "countries": ["ca", "us", "mx"] }""";

    public sealed record ApplyRow(ArgoCase Case, TriggerParameter[] Parameters, string Document, string Expected) : IArgoCase;

    private static ApplyRow A(string name, TriggerParameter[] parameters, string document, string expected) =>
        new(new ArgoCase(ArgoCase.GoName("TestApplyParams", name)), parameters, document, expected);

    private static TriggerParameter P(TriggerParameterSource src, string dest, string? operation = null) => new() { Src = src, Dest = dest, Operation = operation };

    public static readonly ApplyRow[] ApplyCases =
    [
        A("normal apply parameters operation", [P(Src(dataKey: "name.first"), "name")], """{"name": "faker"}""", """{"name": "fake"}"""),
        A("apply parameters with prepend operation", [P(Src(dataKey: "name.first"), "name", "prepend")], """{"name": "faker"}""", """{"name": "fakefaker"}"""),
        A("apply parameters with append operation", [P(Src(dataKey: "name.first"), "name", "append")], """{"name": "faker"}""", """{"name": "fakerfake"}"""),
        A("apply parameters with overwrite operation", [P(Src(dataKey: "name.first"), "name", "overwrite")], """{"name": "faker"}""", """{"name": "fake"}"""),
        A("apply block parameters with overwrite operation - useRawDataValue false", [P(Src(dataKey: "name"), "name", "overwrite")],
            """{"name": "faker"}""", """{"name": "{\"first\": \"fake\", \"last\": \"user\"}"}"""),
        A("apply block parameters with overwrite operation - useRawDataValue true", [P(Src(dataKey: "name", raw: true), "name", "overwrite")],
            """{"name": "faker"}""", """{"name": {"first": "fake", "last": "user"}}"""),
        A("Use raw data types",
            [P(Src(dataKey: "age", raw: true), "age", "overwrite"), P(Src(dataKey: "age", raw: true), "ageWithYears", "append"), P(Src(dataKey: "countries", raw: true), "countries", "append")],
            """{"age": "this-gets-over-written", "ageWithYears": "Years: "}""", """{"age": 100, "ageWithYears": "Years: 100","countries":["ca", "us", "mx"]}"""),
    ];

    public static TheoryData<string> ApplyNames() => ArgoCases.Names(ApplyCases);

    [Theory]
    [MemberData(nameof(ApplyNames))]
    public void Applied_parameters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(ApplyCases, name);

        var result = ParameterResolver.Apply(JsonNode.Parse(c.Document), c.Parameters, Events(ApplyData));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(c.Expected), result), result?.ToJsonString());
    }

    public static readonly ArgoCase ConstructPayload = new("TestConstructPayload");

    [Fact]
    public void TestConstructPayload_builds_a_body_from_several_dependencies_with_defaults_and_types()
    {
        var events = new Dictionary<string, EventEnvelope>
        {
            ["fake-dependency"] = Event("""{"firstName": "fake"}"""),
            ["another-fake-dependency"] = Event("""{"lastName": "foo"}""", "2", "calendar", "calendar-gateway"),
            ["use-event-data-type"] = Event("""{"age": 100, "isActive": false, "countries": ["ca", "us", "mx"]}""", "3", "calendar", "calendar-gateway"),
        };
        TriggerParameter[] Parameters(string key) =>
        [
            new() { Src = new() { DependencyName = "fake-dependency", DataKey = key == "" ? "firstName" : key, Value = "faker" }, Dest = "firstName" },
            new() { Src = new() { DependencyName = "another-fake-dependency", DataKey = key == "" ? "lastName" : key, Value = "bar" }, Dest = "lastName" },
            new() { Src = new() { DependencyName = "use-event-data-type", DataKey = "age", UseRawData = true }, Dest = "age" },
            new() { Src = new() { DependencyName = "use-event-data-type", DataKey = "isActive", UseRawData = true }, Dest = "isActive" },
            new() { Src = new() { DependencyName = "use-event-data-type", DataKey = "age" }, Dest = "typelessAge" },
            new() { Src = new() { DependencyName = "use-event-data-type", DataKey = "isActive" }, Dest = "typelessIsActive" },
        ];

        var payload = JsonNode.Parse(ParameterResolver.BuildBody(Parameters(""), events).Text)!;
        var defaults = JsonNode.Parse(ParameterResolver.BuildBody(Parameters("unknown"), events).Text)!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"firstName":"fake","lastName":"foo","age":100,"isActive":false,"typelessAge":"100","typelessIsActive":"false"}"""), payload), payload.ToJsonString());
        Assert.Equal("faker", (string?)defaults["firstName"]);
        Assert.Equal("bar", (string?)defaults["lastName"]);
    }

    public static readonly ArgoCase RenderDataAsJson = new("TestRenderDataAsJSON");

    [Fact]
    public void TestRenderDataAsJSON_json_data_is_read_as_it_is_and_yaml_data_is_converted_to_json()
    {
        var json = Event("""{"name": {"first": "fake", "last": "user"} }""");
        var yaml = json with { DataContentType = "application/yaml", Data = JsonSerializer.SerializeToElement("age: 20\nname: test\n") };

        Assert.Equal("""{"name": {"first": "fake", "last": "user"} }""", ParameterResolver.DataAsJson(json)!.Value.GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"age":20,"name":"test"}"""), JsonNode.Parse(ParameterResolver.DataAsJson(yaml)!.Value.GetRawText())));
        Assert.Equal("test", ParameterResolver.Resolve(Src(dataKey: "name"), new Dictionary<string, EventEnvelope> { ["fake-dependency"] = yaml })!.Text);
        Assert.Equal("20", ParameterResolver.Resolve(Src(dataTemplate: "{{ .Input.age }}"), new Dictionary<string, EventEnvelope> { ["fake-dependency"] = yaml })!.Text);
    }

    public static readonly ArgoCase ApplyResourceParameters = new("TestApplyResourceParameters");

    [Fact]
    public void TestApplyResourceParameters_patches_the_k8s_resource()
    {
        var trigger = new Trigger
        {
            Template = new()
            {
                Name = "fake-trigger",
                K8s = JsonSerializer.Deserialize<K8sTrigger>("""
                    {"source": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"namespace": "fake-deployment", "name": "fake", "labels": {"name": "fake"}}}},
                     "parameters": [{"src": {"dependencyName": "fake-dependency", "dataKey": "name.first"}, "dest": "metadata.name"}]}
                    """, SpecJson.Options),
            },
        };

        var resolved = FiringResolver.Resolve(trigger, Events("""{"name": {"first": "test-deployment"} }"""));

        Assert.Equal("test-deployment", (string?)resolved.Resource!["metadata"]!["name"]);
    }

    public static readonly ArgoCase ApplyTemplateParameters = new("TestApplyTemplateParameters");

    [Fact]
    public void TestApplyTemplateParameters_patches_the_trigger_template()
    {
        var trigger = new Trigger
        {
            Template = new() { Name = "fake-trigger", K8s = new K8sTrigger() },
            Parameters = [P(Src(dataKey: "group"), "k8s.group", "overwrite")],
        };

        var resolved = FiringResolver.Resolve(trigger, Events("""{"group": "fake" }"""));

        Assert.Equal("fake", (string?)resolved.Template["k8s"]!["group"]);
    }

    public static readonly ArgoCase GetValueByKeyNull = new("TestGetValueByKey_NullValue");

    [Fact]
    public void TestGetValueByKey_NullValue_a_null_field_reads_as_null()
    {
        var events = Events("""{"nullable_key": null, "string_key": "value"}""");

        Assert.Equal("null", ParameterResolver.Resolve(Src(dataKey: "nullable_key"), events)!.Text);
        Assert.Equal("value", ParameterResolver.Resolve(Src(dataKey: "string_key"), events)!.Text);
    }

    public static readonly ArgoCase ConstructPayloadNull = new("TestConstructPayload_NullValue");

    [Fact]
    public void TestConstructPayload_NullValue_a_raw_null_stays_null()
    {
        var body = ParameterResolver.BuildBody(
            [P(Src(dataKey: "nullable_key", raw: true), "nullable_key"), P(Src(dataKey: "other_key"), "other_key")],
            Events("""{"nullable_key": null, "other_key": "value"}"""));

        Assert.Contains("\"nullable_key\":null", body.Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"nullable_key":null,"other_key":"value"}"""), JsonNode.Parse(body.Text)), body.Text);
    }

    public static IEnumerable<ArgoCase> Inventory =>
    [
        ConstructPayload, .. ResolveCases.Select(c => c.Case), RenderDataAsJson, .. ApplyCases.Select(c => c.Case), ApplyResourceParameters, ApplyTemplateParameters,
        GetValueByKeyNull, ConstructPayloadNull,
    ];
}
