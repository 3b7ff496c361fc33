namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>A kafka trigger is checked at load, each problem at its field's path; a schema registry is refused.</summary>
public sealed class KafkaSpecTests
{
    private const string Payload = "payload: [{src: {dependencyName: dep, value: x}, dest: x}]";

    [Fact]
    public void A_complete_kafka_trigger_loads_without_findings()
    {
        var file = KindSpecs.Load("""
            name: t
            kafka:
              url: kafka-0:9092,kafka-1:9092
              topic: orders.v1
              partitioningKey: k
              requiredAcks: -1
              compress: true
              flushFrequency: 100
              version: 2.8.0
              tls: {caCertSecret: {name: tls, key: ca}}
              sasl: {mechanism: SCRAM-SHA-512, userSecret: {name: s, key: u}, passwordSecret: {name: s, key: p}}
              headers: {a: b}
              secureHeaders: [{name: token, valueFrom: {secretKeyRef: {name: s, key: t}}}]
              payload: [{src: {dependencyName: dep, value: x}, dest: x}]
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { $"topic: t\n{Payload}", "spec.triggers[0].template.kafka.url: required" },
        { $"url: kafka\ntopic: t\n{Payload}", "spec.triggers[0].template.kafka.url: \"kafka\" is not a broker address host:port" },
        { $"url: k:9092\n{Payload}", "spec.triggers[0].template.kafka.topic: required" },
        { $"url: k:9092\ntopic: a/b\n{Payload}", "spec.triggers[0].template.kafka.topic: \"a/b\" is not a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -, not . or ..)" },
        { $"url: k:9092\ntopic: t\nrequiredAcks: 2\n{Payload}", "spec.triggers[0].template.kafka.requiredAcks: 2 is not -1 (all replicas), 1 (the leader) or 0 (the default, all replicas)" },
        { $"url: k:9092\ntopic: t\nflushFrequency: -5\n{Payload}", "spec.triggers[0].template.kafka.flushFrequency: must not be negative" },
        { $"url: k:9092\ntopic: t\npartition: -1\n{Payload}", "spec.triggers[0].template.kafka.partition: must not be negative" },
        { $"url: k:9092\ntopic: t\nversion: latest\n{Payload}", "spec.triggers[0].template.kafka.version: \"latest\" is not a Kafka version such as 2.8.0" },
        { "url: k:9092\ntopic: t", "spec.triggers[0].template.kafka.payload: required: the message is built from payload parameters" },
        { $"url: k:9092\ntopic: t\n{Payload}\nsasl: {{mechanism: MD5, userSecret: {{name: s, key: u}}, passwordSecret: {{name: s, key: p}}}}", "spec.triggers[0].template.kafka.sasl.mechanism: \"MD5\" is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512" },
        { $"url: k:9092\ntopic: t\n{Payload}\nsasl: {{userSecret: {{name: s, key: u}}}}", "spec.triggers[0].template.kafka.sasl.passwordSecret: required: a secret reference {name, key}" },
        { $"url: k:9092\ntopic: t\n{Payload}\nsecureHeaders: [{{name: h}}]", "spec.triggers[0].template.kafka.secureHeaders[0].valueFrom: required: secretKeyRef or configMapKeyRef" },
        { $"url: k:9092\ntopic: t\n{Payload}\nschemaRegistry: {{url: http://registry:8081, schemaId: 3}}", "spec.triggers[0].template.kafka.schemaRegistry: Avro encoding through a schema registry is not built here; remove schemaRegistry to produce the payload as JSON" },
        { $"url: k:9092\ntopic: t\n{Payload}\nrequiredAcks: all", "spec.triggers[0].template.kafka.requiredAcks: " },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string kafka, string expected)
    {
        var file = KindSpecs.Load("name: t\nkafka:\n  " + kafka.Replace("\n", "\n  "));

        var error = Assert.Single(KindSpecs.Errors(file));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void A_topic_set_by_trigger_parameters_is_not_required_in_the_spec()
    {
        var file = KindSpecs.Load($"name: t\nkafka:\n  url: k:9092\n  {Payload}", "parameters: [{src: {dependencyName: dep, dataKey: body.topic}, dest: kafka.topic}]");

        Assert.Empty(KindSpecs.Errors(file));
    }

    [Fact]
    public void Oauthbearer_loads_and_is_reported_as_not_supported_yet()
    {
        var file = KindSpecs.Load($"name: t\nkafka:\n  url: k:9092\n  topic: t\n  {Payload}\n  sasl: {{mechanism: OAUTHBEARER, userSecret: {{name: s, key: u}}, passwordSecret: {{name: s, key: p}}}}");

        Assert.Empty(KindSpecs.Errors(file));
        Assert.Equal(["spec.triggers[0].template.kafka.sasl.mechanism: SASL OAUTHBEARER is not supported yet; use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"], KindSpecs.Unsupported(file));
    }
}
