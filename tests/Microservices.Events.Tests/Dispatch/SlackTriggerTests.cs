using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;
using Microservices.Events.Tests.Harness;
using Microservices.Events.TriggerDispatch.Executors.Slack;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The slack trigger against a double of Slack's Web API that checks the token, the content type and the body as Slack does.</summary>
public sealed class SlackTriggerTests : IAsyncLifetime
{
    private const string Token = "xoxb-test-1234567890";
    private SlackApiDouble _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackApiDouble.StartAsync([Token], ["general", "alerts"]);

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    private Task<ServiceHarness> Start(string triggers, string token = Token) => KindDispatch.StartAsync(KindDispatch.Sensor(triggers), new Dictionary<string, string?>
    {
        ["Triggers:Slack:ApiUrl"] = _slack.ApiUrl,
        ["Secrets:slack-secret:token"] = token,
    });

    [Fact]
    public async Task A_slack_trigger_posts_to_chat_postMessage_with_the_token_and_values_set_by_parameters()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: slack-secret, key: token}
                      channel: "#general"
                      message: default text
                      sender: {username: argo-bot, icon: ":robot_face:"}
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.message}
                      dest: slack.message
            """);

        await h.Bus.Publish(KindDispatch.Request("notify", """{"body":{"message":"deploy finished"}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal("slack", success.Kind);
        var post = Assert.Single(_slack.Posts);
        Assert.Equal("general", post.Channel);
        Assert.Equal("deploy finished", post.Text);
        Assert.Equal(Token, post.Token);
        Assert.Equal("argo-bot", post.Body["username"]!.GetValue<string>());
        Assert.Equal(":robot_face:", post.Body["icon_emoji"]!.GetValue<string>());
        Assert.Empty(_slack.Refusals);
    }

    [Fact]
    public async Task Attachments_and_blocks_are_sent_as_json_arrays()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: slack-secret, key: token}
                      channel: alerts
                      attachments: '[{"title": "Attachment1", "color": "#18be52"}]'
                      blocks: '[{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]'
            """);

        await h.Bus.Publish(KindDispatch.Request("notify", """{"body":{}}"""));

        await KindDispatch.Outcomes<TriggerSucceeded>(h);
        var post = Assert.Single(_slack.Posts);
        Assert.Null(post.Text);
        Assert.Equal("Attachment1", post.Body["attachments"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("section", post.Body["blocks"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_with_one_aggregation_key_go_to_the_thread_of_the_first()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: slack-secret, key: token}
                      channel: general
                      message: update
                      thread: {messageAggregationKey: release-42, broadcastMessageToChannel: true}
            """);

        await h.Bus.Publish(KindDispatch.Request("notify", """{"n":1}""", firing: 1));
        await KindDispatch.Outcomes<TriggerSucceeded>(h);
        await h.Bus.Publish(KindDispatch.Request("notify", """{"n":2}""", firing: 2));
        await KindDispatch.Outcomes<TriggerSucceeded>(h, 2);

        var posts = _slack.Posts.ToList();
        Assert.Equal(2, posts.Count);
        Assert.Null(posts[0].ThreadTs);
        Assert.Null(posts[0].Body["reply_broadcast"]);
        Assert.Equal(posts[0].Ts, posts[1].ThreadTs);
        Assert.True(posts[1].Body["reply_broadcast"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_token_slack_does_not_know_fails_with_slacks_error_and_never_shows_the_token()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: slack-secret, key: token}
                      channel: general
                      message: hi
            """, token: "xoxb-revoked-secret");

        await h.Bus.Publish(KindDispatch.Request("notify", "{}"));

        var failed = Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h));
        Assert.Equal("chat.postMessage to general failed: invalid_auth", failed.Reason);
        Assert.DoesNotContain("xoxb", failed.Reason);
        Assert.Equal(["invalid_auth"], _slack.Refusals);
    }

    [Fact]
    public async Task A_channel_set_by_parameters_to_one_slack_does_not_know_fails_with_channel_not_found()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: slack-secret, key: token}
                      channel: general
                      message: hi
                  parameters:
                    - src: {dependencyName: dep, dataKey: channel}
                      dest: slack.channel
            """);

        await h.Bus.Publish(KindDispatch.Request("notify", """{"channel":"nowhere"}"""));

        Assert.Contains("channel_not_found", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
        Assert.Empty(_slack.Posts);
    }

    [Fact]
    public async Task A_missing_token_secret_fails_the_firing_naming_the_secret()
    {
        await using var h = await Start("""
                - template:
                    name: notify
                    slack:
                      slackToken: {name: other-secret, key: token}
                      channel: general
                      message: hi
            """);

        await h.Bus.Publish(KindDispatch.Request("notify", "{}"));

        Assert.Equal("slackToken: secret \"other-secret\" has no key \"token\"", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
        Assert.Empty(_slack.Posts);
    }

    public static TheoryData<string, string> Bodies() => new()
    {
        { """{"channel":"#general","message":"hi"}""", """{"channel":"general","text":"hi"}""" },
        { """{"channel":"c","blocks":"[]","sender":{"icon":"https://example.test/i.png"}}""", """{"channel":"c","blocks":[],"icon_url":"https://example.test/i.png"}""" },
        { """{"channel":"c","message":"m","sender":{"username":"u","icon":":x:"},"thread":{"broadcastMessageToChannel":true}}""", """{"channel":"c","text":"m","username":"u","icon_emoji":":x:"}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void The_post_body_has_slacks_field_names(string spec, string expected)
    {
        var slack = System.Text.Json.JsonSerializer.Deserialize<SlackTrigger>(spec, Microservices.Events.Specs.Loading.SpecJson.Options)!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), SlackMessage.Build(slack, threadTs: null)), SlackMessage.Build(slack, null).ToJsonString());
    }

    [Fact]
    public void A_reply_names_its_thread_and_broadcasts_only_when_asked()
    {
        var quiet = new SlackTrigger { Channel = "c", Message = "m" };
        var loud = quiet with { Thread = new SlackThread { MessageAggregationKey = "k", BroadcastMessageToChannel = true } };

        Assert.Equal("1.2", SlackMessage.Build(quiet, "1.2")["thread_ts"]!.GetValue<string>());
        Assert.Null(SlackMessage.Build(quiet, "1.2")["reply_broadcast"]);
        Assert.True(SlackMessage.Build(loud, "1.2")["reply_broadcast"]!.GetValue<bool>());
    }
}
