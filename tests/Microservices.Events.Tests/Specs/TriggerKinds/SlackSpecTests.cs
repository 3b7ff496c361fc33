using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>A slack trigger is checked at load, each problem at its field's path.</summary>
public sealed class SlackSpecTests
{
    [Fact]
    public void A_complete_slack_trigger_loads_without_findings()
    {
        var file = KindSpecs.Load("""
            name: t
            slack:
              slackToken: {name: slack-secret, key: token}
              channel: general
              message: hello
              sender: {username: bot, icon: ":robot_face:"}
              thread: {messageAggregationKey: k, broadcastMessageToChannel: true}
            """);

        Assert.Empty(file.AllDiagnostics);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { "channel: general\nmessage: hi", "spec.triggers[0].template.slack.slackToken: required: a secret reference {name, key}" },
        { "slackToken: {name: s}\nchannel: general\nmessage: hi", "spec.triggers[0].template.slack.slackToken.key: required" },
        { "slackToken: {name: s, key: k}\nmessage: hi", "spec.triggers[0].template.slack.channel: required" },
        { "slackToken: {name: s, key: k}\nchannel: general", "spec.triggers[0].template.slack.message: one of message, attachments or blocks is required" },
        { "slackToken: {name: s, key: k}\nchannel: general\nblocks: '{\"type\": \"section\"}'", "spec.triggers[0].template.slack.blocks: must be a JSON array written as text" },
        { "slackToken: {name: s, key: k}\nchannel: general\nattachments: 'not json'", "spec.triggers[0].template.slack.attachments: must be a JSON array written as text" },
        { "slackToken: {name: s, key: k}\nchannel: general\nmessage: hi\nsender: {icon: robot}", "spec.triggers[0].template.slack.sender.icon: \"robot\" is neither an emoji such as :robot_face: nor an absolute http(s) URL" },
        { "slackToken: {name: s, key: k}\nchannel: general\nmessage: hi\nparameters: [{src: {dependencyName: nope, value: x}, dest: message}]", "spec.triggers[0].template.slack.parameters[0].src.dependencyName: unknown dependency \"nope\"" },
        { "slackToken: {name: s, key: k}\nchannel: general\nmessage: hi\nthread: {broadcastMessageToChannel: maybe}", "spec.triggers[0].template.slack.thread.broadcastMessageToChannel: " },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_problem_is_an_error_at_its_field(string slack, string expected)
    {
        var file = KindSpecs.Load("name: t\nslack:\n  " + slack.Replace("\n", "\n  "));

        var error = Assert.Single(KindSpecs.Errors(file));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void A_field_that_trigger_parameters_set_is_not_required_in_the_spec()
    {
        var file = KindSpecs.Load(
            "name: t\nslack:\n  slackToken: {name: s, key: k}",
            "parameters:\n  - {src: {dependencyName: dep, dataKey: body.channel}, dest: slack.channel}\n  - {src: {dependencyName: dep, dataKey: body.text}, dest: slack.blocks}");

        Assert.Empty(KindSpecs.Errors(file));
    }

    [Fact]
    public void Unknown_fields_are_warnings_at_their_path_and_slack_is_not_reported_unsupported()
    {
        var file = KindSpecs.Load("name: t\nslack:\n  slackToken: {name: s, key: k}\n  channel: general\n  message: hi\n  colour: red");

        Assert.Empty(KindSpecs.Errors(file));
        Assert.Empty(KindSpecs.Unsupported(file));
        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "spec.triggers[0].template.slack.colour");
    }

    [Fact]
    public void A_slack_value_that_is_not_a_mapping_is_an_error()
    {
        var file = KindSpecs.Load("name: t\nslack: hello");

        Assert.Contains("spec.triggers[0].template.slack: must be a mapping of the kind's fields", KindSpecs.Errors(file));
    }
}
