using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>
/// The parameter tests of Argo's per-kind trigger tests (<c>pkg/sensors/triggers/&lt;kind&gt;/*_test.go</c>,
/// <c>ApplyResourceParameters</c>): a kind's own <c>parameters</c> patch its spec, or the resource for <c>k8s</c>.
/// The kinds are not run here yet; what their parameters resolve to is the same pipeline every kind uses.
/// </summary>
public sealed class KindParametersTests
{
    /// <param name="Specs">The kind's spec (several when the Go test loops over several), parameters included.</param>
    /// <param name="Expected">What the patched spec (or the k8s resource) must contain.</param>
    public sealed record Row(ArgoCase Case, string Kind, string[] Specs, string Dependency, string Data, string Expected) : IArgoCase;

    private static Row C(string test, string kind, string data, string expected, params string[] specs) =>
        new(new ArgoCase(test), kind, specs, "fake-dependency", data, expected);

    public static readonly Row[] Cases =
    [
        C("TestTriggerImpl_ApplyResourceParameters", "openWhisk", """{"host": "another-fake.com", "actionName": "world"}""", """{"host": "another-fake.com", "actionName": "world"}""",
            """
            {"host": "fake.com", "actionName": "hello", "parameters": [
              {"src": {"dependencyName": "fake-dependency", "dataKey": "host", "value": "http://default.com"}, "dest": "host"},
              {"src": {"dependencyName": "fake-dependency", "dataKey": "actionName", "value": "http://default.com"}, "dest": "actionName"}]}
            """),
        C("TestAWSLambdaTrigger_ApplyResourceParameters", "awsLambda", """{"function": "real-function"}""", """{"functionName": "real-function", "region": "region"}""",
            """
            {"functionName": "fake-function", "region": "us-east", "parameters": [
              {"src": {"dependencyName": "fake-dependency", "dataKey": "function", "value": "default"}, "dest": "functionName"},
              {"src": {"dependencyName": "fake-dependency", "dataKey": "region", "value": "region"}, "dest": "region"}]}
            """,
            """
            {"functionName": "fake-function", "accessKey": {"name": "fake-secret", "key": "accesskey"}, "secretKey": {"name": "fake-secret", "key": "secretkey"},
             "region": "us-east", "roleARN": "arn:aws:iam::123456789012:role/fake-trigger-full",
             "payload": [{"src": {"dependencyName": "fake-dependency", "value": ""}, "dest": "metadata.label.value"}],
             "parameters": [
              {"src": {"dependencyName": "fake-dependency", "dataKey": "function", "value": "default"}, "dest": "functionName"},
              {"src": {"dependencyName": "fake-dependency", "dataKey": "region", "value": "region"}, "dest": "region"}]}
            """),
        C("TestAzureEventHubsTrigger_ApplyResourceParameters", "azureEventHubs", """{"fqdn": "real-fqdn"}""", """{"fqdn": "real-fqdn", "hubName": "fake-hub"}""",
            """
            {"fqdn": "fake-url", "hubName": "fake-hub", "sharedAccessKey": {"name": "fake-secret", "key": "sharedAccessKey"},
             "sharedAccessKeyName": {"name": "fake-secret", "key": "sharedAccessKeyName"},
             "parameters": [{"src": {"dependencyName": "fake-dependency", "dataKey": "fqdn", "value": "fake-azure-event-hubs-fqdn"}, "dest": "fqdn"}]}
            """),
        C("TestEmailTrigger_ApplyResourceParameters", "email", """{"to": "real@email.com", "name": "Luke"}""",
            """
            {"host": "fake-host", "port": 468, "username": "fake-username", "to": ["real@email.com", "fake2@email.com"], "from": "fake-email",
             "subject": "fake-subject", "body": "Hi Luke,\n\tHello There.\nThanks,\nObi"}
            """,
            """
            {"smtpPassword": {"name": "secret", "key": "password"}, "host": "fake-host", "port": 468, "username": "fake-username",
             "to": ["fake1@email.com", "fake2@email.com"], "from": "fake-email", "subject": "fake-subject", "body": "fake-body", "parameters": [
              {"src": {"dependencyName": "fake-dependency", "dataKey": "to"}, "dest": "to.0"},
              {"src": {"dependencyName": "fake-dependency", "dataKey": "body", "dataTemplate": "Hi {{.Input.name}},\n\tHello There.\nThanks,\nObi"}, "dest": "body"}]}
            """),
        C("TestKafkaTrigger_ApplyResourceParameters", "kafka", """{"url": "another-fake-kafka-url"}""",
            """{"url": "another-fake-kafka-url", "headers": {"key": "value"}, "secureHeaders": [{"valueFrom": {"secretKeyRef": {"key": "serviceToken"}}}]}""",
            """
            {"url": "fake-kafka-url", "topic": "fake-topic", "requiredAcks": 1, "sasl": {"mechanism": "PLAIN"}, "headers": {"key": "value"},
             "secureHeaders": [{"name": "test", "valueFrom": {"secretKeyRef": {"name": "tokens", "key": "serviceToken"}}}],
             "parameters": [{"src": {"dependencyName": "fake-dependency", "dataKey": "url", "value": "http://default.com"}, "dest": "url"}]}
            """),
        C("TestPulsarTrigger_ApplyResourceParameters", "pulsar", """{"url": "another-fake-pulsar-url"}""", """{"url": "another-fake-pulsar-url", "topic": "fake-topic"}""",
            """
            {"url": "fake-pulsar-url", "topic": "fake-topic",
             "parameters": [{"src": {"dependencyName": "fake-dependency", "dataKey": "url", "value": "http://default.com"}, "dest": "url"}]}
            """),
        C("TestSlackTrigger_ApplyResourceParameters", "slack", """{"channel": "real-channel", "message": "real-message"}""", """{"channel": "real-channel", "message": "real-message"}""",
            """
            {"slackToken": {"name": "secret", "key": "token"}, "channel": "fake-channel", "message": "fake-message", "parameters": [
              {"src": {"dependencyName": "fake-dependency", "dataKey": "channel"}, "dest": "channel"},
              {"src": {"dependencyName": "fake-dependency", "dataKey": "message"}, "dest": "message"}]}
            """),
        new(new ArgoCase("TestStandardK8sTrigger_ApplyResourceParameters"), "k8s",
            [
                """
                {"source": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"namespace": "fake", "name": "test", "labels": {"name": "test"}}, "spec": {"replica": "1"}}},
                 "parameters": [{"src": {"dependencyName": "dep-1", "dataKey": "name.first"}, "dest": "metadata.name", "operation": "prepend"}]}
                """,
            ],
            "dep-1", """{"name": {"first": "fake", "last": "user"} }""", """{"metadata": {"name": "faketest", "namespace": "fake"}}"""),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Kind_parameters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);
        var events = new Dictionary<string, EventEnvelope>
        {
            [c.Dependency] = new() { Id = "1", Type = "webhook", Source = "webhook-gateway", Subject = "example-1", Data = JsonDocument.Parse(c.Data).RootElement },
        };

        foreach (var spec in c.Specs)
        {
            var template = JsonNode.Parse($$"""{"name": "fake-trigger", "{{c.Kind}}": {{spec}}}""")!.Deserialize<TriggerTemplate>(SpecJson.Options)!;

            var resolved = FiringResolver.Resolve(new Trigger { Template = template }, events);

            var actual = c.Kind == "k8s" ? resolved.Resource : resolved.Template[c.Kind];
            AssertContains(JsonNode.Parse(c.Expected)!, actual, c.Kind);
        }
    }

    /// <summary>Every member of <paramref name="expected"/> is in <paramref name="actual"/> with the same value (objects recursively, arrays item by item).</summary>
    private static void AssertContains(JsonNode expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                Assert.True(actual is JsonObject, $"{path}: not an object: {actual?.ToJsonString()}");
                foreach (var (key, value) in obj)
                {
                    AssertContains(value!, actual![key], $"{path}.{key}");
                }

                break;
            case JsonArray array:
                Assert.True(actual is JsonArray a && a.Count == array.Count, $"{path}: {actual?.ToJsonString()}");
                for (var i = 0; i < array.Count; i++)
                {
                    AssertContains(array[i]!, actual![i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
