namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>An email trigger is checked at load, each problem at its field's path.</summary>
public sealed class EmailSpecTests
{
    [Fact]
    public void A_complete_email_trigger_loads_without_findings()
    {
        var file = KindSpecs.Load("name: t\nemail:\n  host: smtp.example.net\n  port: 587\n  username: u\n  smtpPassword: {name: smtp, key: password}\n  from: a@example.com\n  to: [b@example.com]\n  subject: s\n  body: b");

        Assert.Empty(file.AllDiagnostics);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { "from: a@example.com\nto: [b@example.com]\nsubject: s\nbody: b", "spec.triggers[0].template.email.host: required" },
        { "host: smtp\nport: 70000\nfrom: a@example.com\nto: [b@example.com]\nsubject: s\nbody: b", "spec.triggers[0].template.email.port: 70000 is not a port (1 to 65535)" },
        { "host: smtp\nfrom: a@example.com\nsubject: s\nbody: b", "spec.triggers[0].template.email.to: required: at least one address" },
        { "host: smtp\nfrom: a@example.com\nto: [b@example.com, nobody]\nsubject: s\nbody: b", "spec.triggers[0].template.email.to[1]: \"nobody\" is not an email address" },
        { "host: smtp\nto: [b@example.com]\nsubject: s\nbody: b", "spec.triggers[0].template.email.from: required" },
        { "host: smtp\nfrom: a@example.com\nto: [b@example.com]\nbody: b", "spec.triggers[0].template.email.subject: required" },
        { "host: smtp\nfrom: a@example.com\nto: [b@example.com]\nsubject: s", "spec.triggers[0].template.email.body: required" },
        { "host: smtp\nfrom: a@example.com\nto: [b@example.com]\nsubject: s\nbody: b\nsmtpPassword: {name: smtp, key: password}", "spec.triggers[0].template.email.username: required with smtpPassword" },
        { "host: smtp\nfrom: a@example.com\nto: [b@example.com]\nsubject: s\nbody: b\nport: many", "spec.triggers[0].template.email.port: " },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string email, string expected)
    {
        var file = KindSpecs.Load("name: t\nemail:\n  " + email.Replace("\n", "\n  "));

        Assert.StartsWith(expected, Assert.Single(KindSpecs.Errors(file)));
    }

    [Fact]
    public void Recipients_and_body_set_by_parameters_are_not_required_in_the_spec()
    {
        var file = KindSpecs.Load(
            "name: t\nemail:\n  host: smtp\n  from: a@example.com\n  subject: s",
            "parameters:\n  - {src: {dependencyName: dep, dataKey: body.to}, dest: email.to.-1}\n  - {src: {dependencyName: dep, dataKey: body.text}, dest: email.body}");

        Assert.Empty(KindSpecs.Errors(file));
    }
}
