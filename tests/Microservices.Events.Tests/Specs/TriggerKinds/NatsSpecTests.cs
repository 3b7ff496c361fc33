using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>A nats trigger is checked at load, each problem at its field's path.</summary>
public sealed class NatsSpecTests
{
    private const string Payload = "payload: [{src: {dependencyName: dep, value: x}, dest: x}]";

    [Fact]
    public void A_complete_nats_trigger_loads_without_findings()
    {
        var file = KindSpecs.Load("""
            name: t
            nats:
              url: nats://a:4222, tls://b:4443
              subject: minio-events
              tls: {caCertSecret: {name: tls, key: ca}, clientCertSecret: {name: tls, key: crt}, clientKeySecret: {name: tls, key: key}}
              auth: {basic: {username: {name: n, key: u}, password: {name: n, key: p}}}
              payload: [{src: {dependencyName: dep, value: x}, dest: x}]
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { $"subject: s\n{Payload}", "spec.triggers[0].template.nats.url: required" },
        { $"url: http://a:80\nsubject: s\n{Payload}", "spec.triggers[0].template.nats.url: \"http://a:80\": scheme \"http\" is not nats or tls" },
        { $"url: a:4222\n{Payload}", "spec.triggers[0].template.nats.subject: required" },
        { $"url: a:4222\nsubject: orders.*\n{Payload}", "spec.triggers[0].template.nats.subject: \"orders.*\" has a wildcard; messages are published on one subject" },
        { $"url: a:4222\nsubject: orders..new\n{Payload}", "spec.triggers[0].template.nats.subject: \"orders..new\" has an empty token" },
        { "url: a:4222\nsubject: s", "spec.triggers[0].template.nats.payload: required: the message is built from payload parameters" },
        { $"url: a:4222\nsubject: s\n{Payload}\nauth: {{}}", "spec.triggers[0].template.nats.auth: one of basic, token, nkey or credential is required" },
        { $"url: a:4222\nsubject: s\n{Payload}\nauth: {{token: {{name: t, key: k}}, basic: {{username: {{name: a, key: b}}, password: {{name: a, key: c}}}}}}", "spec.triggers[0].template.nats.auth: only one of basic, token, nkey or credential may be set, found basic, token" },
        { $"url: a:4222\nsubject: s\n{Payload}\nauth: {{basic: {{username: {{name: a, key: b}}}}}}", "spec.triggers[0].template.nats.auth.basic.password: required: a secret reference {name, key}" },
        { $"url: a:4222\nsubject: s\n{Payload}\ntls: {{clientCertSecret: {{name: a, key: b}}}}", "spec.triggers[0].template.nats.tls.clientKeySecret: required: clientCertSecret and clientKeySecret go together" },
        { "url: a:4222\nsubject: s\npayload: [{src: {dependencyName: dep}, dest: x, operation: merge}]", "spec.triggers[0].template.nats.payload[0].operation: \"merge\" is not one of overwrite, append, prepend" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string nats, string expected)
    {
        var file = KindSpecs.Load("name: t\nnats:\n  " + nats.Replace("\n", "\n  "));

        Assert.Equal([expected], KindSpecs.Errors(file));
    }

    [Fact]
    public void Credential_authentication_loads_and_is_reported_as_not_supported_yet()
    {
        var file = KindSpecs.Load($"name: t\nnats:\n  url: a:4222\n  subject: s\n  {Payload}\n  auth: {{credential: {{name: n, key: creds}}}}");

        Assert.Empty(KindSpecs.Errors(file));
        Assert.Equal(["spec.triggers[0].template.nats.auth.credential: NATS credentials file authentication is not supported yet; use auth.basic, auth.token or auth.nkey"], KindSpecs.Unsupported(file));
    }

    [Theory]
    [InlineData("a.b.c", null)]
    [InlineData("a.>", "\"a.>\" has a wildcard; messages are published on one subject")]
    [InlineData("a b", "\"a b\" contains whitespace")]
    [InlineData(".a", "\".a\" has an empty token")]
    [InlineData("", "required")]
    public void A_subject_to_publish_on_has_non_empty_tokens_and_no_wildcard(string subject, string? problem) =>
        Assert.Equal(problem, NatsTriggerValidator.SubjectProblem(subject));
}
