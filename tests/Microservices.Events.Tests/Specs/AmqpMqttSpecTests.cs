using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Specs;

/// <summary>The amqp and mqtt kinds load as running kinds; wrong fields are errors at their path, and what runs differently from Argo is said at load.</summary>
public sealed class AmqpMqttSpecTests
{
    private static SpecFile Load(string kind, string fields) => SpecLoader.Load($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: brokers}
        spec:
          {{kind}}:
            example: {{{fields}}}
        """);

    private const string Amqp = "url: amqp://127.0.0.1:5672, exchangeName: test, exchangeType: fanout, routingKey: hello, queueDeclare: {name: q, durable: true, exclusive: false}";
    private const string Mqtt = "url: tcp://127.0.0.1:1883, topic: bar, clientId: ingress";

    [Theory]
    [InlineData("amqp", Amqp)]
    [InlineData("mqtt", Mqtt)]
    public void A_complete_event_loads_with_no_finding(string kind, string fields) =>
        Assert.Empty(Load(kind, fields).AllDiagnostics);

    [Theory]
    [InlineData("amqp", "exchangeName: test, exchangeType: fanout", "spec.amqp.example.url", "one of url or urlSecret is required")]
    [InlineData("amqp", Amqp + ", urlSecret: {name: s, key: url}", "spec.amqp.example.urlSecret", "set only one of url or urlSecret")]
    [InlineData("amqp", "url: http://host, exchangeName: test, exchangeType: fanout", "spec.amqp.example.url", "\"http://host\" is not an amqp:// or amqps:// URL")]
    [InlineData("amqp", "url: amqp://host, exchangeType: fanout", "spec.amqp.example.exchangeName", "required")]
    [InlineData("amqp", "url: amqp://host, exchangeName: test, exchangeType: fan", "spec.amqp.example.exchangeType", "\"fan\" is not one of direct, fanout, topic, headers (or a plugin's x-… type)")]
    [InlineData("amqp", Amqp + ", auth: {username: {name: s, key: u}}", "spec.amqp.example.auth.password", "required with auth")]
    [InlineData("amqp", "url: amqp://host, exchangeName: test, exchangeType: fanout, queueDeclare: {exclusive: false, arguments: '- a'}", "spec.amqp.example.queueDeclare.arguments", "must be a map of argument names to values, e.g. \"x-queue-type: quorum\"")]
    [InlineData("amqp", Amqp + ", connectionBackoff: {duration: soon}", "spec.amqp.example.connectionBackoff.duration", "\"soon\" is not a duration such as 10s or a number of nanoseconds")]
    [InlineData("mqtt", "topic: bar, clientId: c", "spec.mqtt.example.url", "required")]
    [InlineData("mqtt", "url: 'http://host', topic: bar, clientId: c", "spec.mqtt.example.url", "\"http://host\" is not a broker URL (tcp://, mqtt://, ssl://, tls://, mqtts://, tcps://, ws://, wss://host:port)")]
    [InlineData("mqtt", "url: tcp://host:1883, clientId: c", "spec.mqtt.example.topic", "required")]
    [InlineData("mqtt", "url: tcp://host:1883, topic: 'a/#/b', clientId: c", "spec.mqtt.example.topic", "\"a/#/b\": # must be a whole level and the last one")]
    [InlineData("mqtt", "url: tcp://host:1883, topic: 'a/b+', clientId: c", "spec.mqtt.example.topic", "\"a/b+\": + must be a whole level")]
    [InlineData("mqtt", "url: tcp://host:1883, topic: bar", "spec.mqtt.example.clientId", "required: the broker keeps the subscription and the unacknowledged messages of this client id while ingress is away")]
    public void A_wrong_field_is_an_error_at_its_path(string kind, string fields, string path, string message)
    {
        var error = Assert.Single(Load(kind, fields).AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((path, message), (error.Path, error.Message));
    }

    [Theory]
    [InlineData("amqp", "url: amqps://127.0.0.1:5671, exchangeName: test, exchangeType: fanout, queueDeclare: {exclusive: false}")]
    [InlineData("mqtt", "url: ssl://127.0.0.1:8883, topic: bar, clientId: ingress")]
    public void A_tls_block_with_a_TLS_URL_loads_with_no_finding(string kind, string fields) =>
        Assert.Empty(Load(kind, fields + ", tls: {caCertSecret: {name: s, key: ca}, clientCertSecret: {name: s, key: crt}, clientKeySecret: {name: s, key: key}}").AllDiagnostics);

    [Theory]
    [InlineData("amqp", Amqp, "spec.amqp.example.tls.clientKeySecret")]
    [InlineData("mqtt", Mqtt, "spec.mqtt.example.tls.clientKeySecret")]
    public void A_client_certificate_without_its_key_is_an_error_at_its_path(string kind, string fields, string path)
    {
        var error = Assert.Single(Load(kind, fields + ", tls: {clientCertSecret: {name: s, key: crt}}").AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData("amqp", Amqp, "spec.amqp.example.tls", "tls applies to amqps:// URLs only: with this URL the connection is not encrypted (as in Argo)")]
    [InlineData("mqtt", Mqtt, "spec.mqtt.example.tls", "tls applies to ssl://, tls://, mqtts://, tcps://, wss:// URLs only: with this URL the connection is not encrypted (as in Argo)")]
    public void A_tls_block_with_a_plain_URL_is_a_warning_that_the_connection_is_not_encrypted(string kind, string fields, string path, string message)
    {
        var warning = Assert.Single(Load(kind, fields + ", tls: {caCertSecret: {name: s, key: ca}}").AllDiagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, path, message), (warning.Severity, warning.Path, warning.Message));
    }

    [Fact]
    public void AutoAck_an_exclusive_queue_and_an_internal_exchange_load_with_a_warning_saying_what_runs()
    {
        var warnings = Load("amqp", "url: amqp://host, exchangeName: test, exchangeType: fanout, consume: {autoAck: true}, exchangeDeclare: {internal: true}")
            .AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToDictionary(d => d.Path, d => d.Message);

        Assert.StartsWith("autoAck is not honoured", warnings["spec.amqp.example.consume.autoAck"]);
        Assert.StartsWith("the queue is exclusive (Argo's default)", warnings["spec.amqp.example.queueDeclare.exclusive"]);
        Assert.StartsWith("an internal exchange is not declared here", warnings["spec.amqp.example.exchangeDeclare.internal"]);
    }

    [Theory]
    [InlineData("amqp.yaml")]
    [InlineData("mqtt.yaml")]
    public void The_Argo_example_loads_as_a_running_kind(string example)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "event-sources", example);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.NotNull(Assert.Single(file.Documents).EventSource);
        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Unsupported);
    }
}
