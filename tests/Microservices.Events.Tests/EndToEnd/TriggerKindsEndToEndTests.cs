using System.Net;
using System.Text;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// Each runnable trigger kind fired by a webhook event through all four services in one process, ending at the real
/// server or the double of the kind's service.
/// </summary>
public sealed class TriggerKindsEndToEndTests
{
    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: webhook}
        spec:
          webhook:
            example: {port: "12000", endpoint: /example, method: POST}
        """;

    private static string Sensor(string trigger) => """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: kinds}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:

        """ + string.Join("\n", trigger.Split('\n').Select(l => "    " + l)) + "\n";

    /// <summary>Starts the embedded services with the sensor and settings, posts <paramref name="body"/> to the webhook.</summary>
    private static async Task<WebApplication> FireAsync(TempSpecs specs, TempStateFile state, IReadOnlyDictionary<string, string> settings, string body)
    {
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseTestServer();
        var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var response = await app.GetTestClient().PostAsync("http://localhost:12000/example", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app;
    }

    [Fact]
    public async Task A_webhook_event_posts_a_slack_message_built_from_its_body()
    {
        await using var slack = await SlackApiDouble.StartAsync(["xoxb-e2e"], ["general"]);
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor("""
            - template:
                name: notify
                slack:
                  slackToken: {name: slack-secret, key: token}
                  channel: general
                  message: placeholder
              parameters:
                - src: {dependencyName: dep, dataTemplate: "{{ .Input.body.user }} deployed {{ .Input.body.version }}"}
                  dest: slack.message
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string>
        {
            ["Triggers:Slack:ApiUrl"] = slack.ApiUrl,
            ["Secrets:slack-secret:token"] = "xoxb-e2e",
        }, """{"user":"ana","version":"1.4.2"}""");

        Assert.True(await Eventually.HoldsAsync(() => !slack.Posts.IsEmpty || !slack.Refusals.IsEmpty), "Slack received nothing");
        Assert.Empty(slack.Refusals);
        Assert.Equal("ana deployed 1.4.2", Assert.Single(slack.Posts).Text);
        await app.StopAsync();
    }
}
