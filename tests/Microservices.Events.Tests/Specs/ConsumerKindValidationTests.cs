using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Tests.Specs;

/// <summary>Load-time checks of the <c>resource</c> and <c>generic</c> kinds, and the refusal of the kinds that cannot run here.</summary>
public sealed class ConsumerKindValidationTests
{
    private static IReadOnlyList<string> Errors(string kindYaml) =>
        SpecLoader.Load($"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {"{"}name: es{"}"}
            spec:
            {kindYaml}
            """).AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

    public static TheoryData<string, string[]> Cases() => new()
    {
        {
            """
              resource:
                w: {group: argoproj.io, version: v1alpha1, resource: workflows, eventTypes: [ADD, UPDATE, DELETE], filter: {labels: [{key: a, operation: in, value: "x,y"}], fields: [{key: metadata.name, operation: "!=", value: "^tmp-"}], createdBy: "2024-01-01T00:00:00Z"}}
            """,
            []
        },
        {
            """
              resource:
                w: {group: argoproj.io, eventTypes: [ADD, CREATE], filter: {labels: [{operation: "~", value: x}, {key: n, operation: gt, value: ten}], fields: [{key: a, operation: in, value: x}], createdBy: yesterday}}
            """,
            [
                "spec.resource.w.version: required",
                "spec.resource.w.resource: required (the plural name, e.g. pods or workflows)",
                "spec.resource.w.eventTypes[1]: unknown event type \"CREATE\" (ADD, UPDATE or DELETE)",
                "spec.resource.w.filter.labels[0].key: required",
                "spec.resource.w.filter.labels[0].operation: unknown operation \"~\" (=, ==, !=, in, notin, exists, !, gt, lt)",
                "spec.resource.w.filter.labels[1].value: \"ten\" is not an integer (gt compares numbers)",
                "spec.resource.w.filter.fields[0].operation: unknown operation \"in\" (=, == or !=)",
                "spec.resource.w.filter.createdBy: \"yesterday\" is not a time such as 2019-04-06T12:52:11Z",
            ]
        },
        {
            """
              resource:
                w: {version: v1, resource: pods}
            """,
            ["spec.resource.w.eventTypes: required: list ADD, UPDATE and/or DELETE"]
        },
        {
            """
              generic:
                g: {url: "server:8080", insecure: true, config: "a: b", authSecret: {name: s, key: token}, filter: {expression: "body.a == 1"}}
            """,
            []
        },
        {
            """
              generic:
                g: {config: "a: b", authSecret: {name: s}}
                h: {url: "not a host"}
            """,
            ["spec.generic.g.url: required: the gRPC server's host:port", "spec.generic.g.authSecret: names no secret: set name and key", "spec.generic.h.url: \"not a host\" is not host:port"]
        },
        {
            """
              nsq:
                n: {topic: t}
            """,
            ["spec.nsq.n.hostAddress: required", "spec.nsq.n.channel: required", $"spec.nsq.n: {RefusedEventSourceValidator.Refusal("nsq")}"]
        },
        {
            """
              azureServiceBus:
                b: {queueName: q, topicName: t, connectionString: {name: s}}
            """,
            ["spec.azureServiceBus.b.connectionString.key: required", "spec.azureServiceBus.b.queueName: queueName and topicName exclude each other", $"spec.azureServiceBus.b: {RefusedEventSourceValidator.Refusal("azureServiceBus")}"]
        },
        {
            """
              gerrit:
                g: {hookName: h, events: [patchset-created], projects: [p], gerritBaseURL: "http://gerrit", webhook: {endpoint: push, port: "13000", method: POST}}
            """,
            ["spec.gerrit.g.webhook.endpoint: \"push\" must start with \"/\""]
        },
        {
            """
              sftp:
                s: {eventType: CREATE, watchPathConfig: {directory: /d}, address: {name: a, key: k}, username: {name: u, key: k}, pollIntervalDuration: often}
            """,
            ["spec.sftp.s.watchPathConfig.path: required: path or pathRegexp", "spec.sftp.s.password: required: password or sshKeySecret", "spec.sftp.s.pollIntervalDuration: \"often\" is not a duration such as 10s", $"spec.sftp.s: {RefusedEventSourceValidator.Refusal("sftp")}"]
        },
        {
            """
              pulsar:
                p: {url: "pulsar://h:6650", topics: [t], type: failover}
            """,
            ["spec.pulsar.p.type: \"failover\" is not a subscription type (exclusive or shared)", $"spec.pulsar.p: {RefusedEventSourceValidator.Refusal("pulsar")}"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_kind_reports_each_wrong_field_by_path(string kindYaml, string[] expected) =>
        Assert.Equal(expected, Errors(kindYaml));

    [Theory]
    [InlineData("pubSub", "p: {topic: t}")]
    [InlineData("azureEventsHub", "h: {fqdn: ns.servicebus.windows.net, hubName: hub}")]
    [InlineData("emitter", "e: {broker: \"tcp://b:4000\", channelKey: k, channelName: c}")]
    [InlineData("mns", "m: {accessKey: {name: s, key: a}, secretKey: {name: s, key: b}, queue: q, endpoint: \"http://mns\"}")]
    public void A_kind_that_cannot_run_here_is_refused_at_load_by_name(string kind, string events)
    {
        var error = Assert.Single(Errors($"  {kind}:\n    {events}"));
        Assert.StartsWith($"spec.{kind}.", error);
        Assert.Contains($"event source kind \"{kind}\" is refused: ", error);
    }
}
