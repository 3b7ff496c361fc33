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

    [SkippableFact]
    public async Task A_webhook_event_is_published_on_a_nats_subject()
    {
        await using var nats = await NatsForTest();
        var subject = $"events.e2e.{Guid.NewGuid():N}";
        await using var subscriber = new NATS.Client.Core.NatsConnection(NATS.Client.Core.NatsOpts.Default with { Url = nats.Url });
        await using var subscription = await subscriber.SubscribeCoreAsync<string>(subject);
        await subscriber.PingAsync();
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor($$"""
            - template:
                name: publish
                nats:
                  url: {{nats.Url}}
                  subject: {{subject}}
                  payload:
                    - src: {dependencyName: dep, dataKey: body.order}
                      dest: order
                    - src: {dependencyName: dep, contextKey: source}
                      dest: source
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string>(), """{"order":"o-17"}""");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var message = await subscription.Msgs.ReadAsync(timeout.Token);
        Assert.Equal("""{"order":"o-17","source":"webhook"}""", message.Data);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_webhook_event_is_produced_to_a_kafka_topic()
    {
        using var kafka = KafkaMockCluster.Start();
        var topic = $"events-e2e-{Guid.NewGuid():N}";
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor($$"""
            - template:
                name: produce
                kafka:
                  url: {{kafka.BootstrapServers}}
                  topic: {{topic}}
                  partitioningKey: webhook
                  flushFrequency: 5
                  payload:
                    - src: {dependencyName: dep, dataKey: body.order}
                      dest: order
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string>(), """{"order":"o-18"}""");

        var message = Assert.Single(await Task.Run(() => kafka.Read(topic, 1, TimeSpan.FromSeconds(15)))).Message;
        Assert.Equal("webhook", message.Key);
        Assert.Equal("""{"order":"o-18"}""", System.Text.Encoding.UTF8.GetString(message.Value));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_webhook_event_invokes_a_lambda_function_with_a_signed_request()
    {
        await using var lambda = await LambdaApiDouble.StartAsync("eu-west-1", ["AKIAEVENTSE2E0000001"], new Dictionary<string, Func<System.Text.Json.Nodes.JsonNode?, System.Text.Json.Nodes.JsonNode?>>
        {
            ["hello"] = input => input,
        });
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor("""
            - template:
                name: invoke
                awsLambda:
                  functionName: hello
                  region: eu-west-1
                  accessKey: {name: aws, key: accesskey}
                  secretKey: {name: aws, key: secretkey}
                  payload:
                    - src: {dependencyName: dep, dataKey: body.name}
                      dest: name
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string>
        {
            ["Triggers:AwsLambda:ServiceUrl"] = lambda.ServiceUrl,
            ["Secrets:aws:accesskey"] = "AKIAEVENTSE2E0000001",
            ["Secrets:aws:secretkey"] = "e2e-secret-key",
        }, """{"name":"lena"}""");

        Assert.True(await Eventually.HoldsAsync(() => !lambda.Invocations.IsEmpty || !lambda.Refusals.IsEmpty), "Lambda received nothing");
        Assert.Empty(lambda.Refusals);
        var call = Assert.Single(lambda.Invocations);
        Assert.Equal(("hello", "RequestResponse", """{"name":"lena"}"""), (call.Function, call.InvocationType, call.Body));
        await app.StopAsync();
    }

    [SkippableFact]
    public async Task A_webhook_event_sends_an_email_through_an_smtp_server()
    {
        SmtpTestServer smtp;
        try
        {
            smtp = await SmtpTestServer.StartAsync("--user", "mailer", "--pass", "e2e-password");
        }
        catch (Exception ex) when (!RepoPaths.IsCi)
        {
            Skip.If(true, $"the SMTP test server could not be started: {ex.Message}");
            throw;
        }

        await using var _ = smtp;
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor($$"""
            - template:
                name: mail
                email:
                  host: 127.0.0.1
                  port: {{smtp.Port}}
                  username: mailer
                  smtpPassword: {name: smtp, key: password}
                  from: events@example.com
                  subject: Order received
                  body: placeholder
              parameters:
                - src: {dependencyName: dep, dataKey: body.to}
                  dest: email.to.-1
                - src: {dependencyName: dep, dataTemplate: "Order {{ "{{" }} .Input.body.order {{ "}}" }} is in."}
                  dest: email.body
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string> { ["Secrets:smtp:password"] = "e2e-password" },
            """{"to":"shop@example.com","order":"o-19"}""");

        Assert.True(await Eventually.HoldsAsync(() => smtp.Messages().Count > 0), "the SMTP server received nothing");
        var message = Assert.Single(smtp.Messages());
        Assert.Equal(["shop@example.com"], message.To);
        Assert.Contains("Order o-19 is in.", message.Raw);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_webhook_event_invokes_an_openwhisk_action()
    {
        await using var whisk = await OpenWhiskApiDouble.StartAsync("user:key", "guest", new Dictionary<string, Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonNode?>>
        {
            ["hello"] = p => p,
        });
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor($$"""
            - template:
                name: invoke
                openWhisk:
                  host: {{whisk.Host}}
                  actionName: hello
                  authToken: {name: whisk, key: token}
                  payload:
                    - src: {dependencyName: dep, dataKey: body.bucket}
                      dest: bucket
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string> { ["Secrets:whisk:token"] = "user:key" }, """{"bucket":"photos"}""");

        Assert.True(await Eventually.HoldsAsync(() => !whisk.Invocations.IsEmpty || !whisk.Refusals.IsEmpty), "OpenWhisk received nothing");
        Assert.Empty(whisk.Refusals);
        var (action, parameters) = Assert.Single(whisk.Invocations);
        Assert.Equal(("hello", """{"bucket":"photos"}"""), (action, parameters.ToJsonString()));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_webhook_event_runs_a_custom_trigger_on_its_grpc_server()
    {
        await using var server = await CustomTriggerServer.StartAsync();
        using var specs = new TempSpecs(("webhook.yaml", EventSource), ("sensor.yaml", Sensor($$"""
            - template:
                name: run
                custom:
                  serverURL: {{server.ServerUrl}}
                  spec: {pipeline: build}
                  payload:
                    - src: {dependencyName: dep, dataKey: body.commit}
                      dest: commit
            """)));
        using var state = new TempStateFile();

        await using var app = await FireAsync(specs, state, new Dictionary<string, string>(), """{"commit":"f00d"}""");

        Assert.True(await Eventually.HoldsAsync(() => !server.PolicyRequests.IsEmpty), "the custom trigger server was not asked for its policy");
        var (resource, payload) = Assert.Single(server.Executions);
        Assert.Equal("build", System.Text.Json.Nodes.JsonNode.Parse(resource)!["spec"]!["pipeline"]!.GetValue<string>());
        Assert.Equal("""{"commit":"f00d"}""", payload);
        await app.StopAsync();
    }

    /// <summary>The NATS server make test started, else one of this test's own; fails under CI=true, skips elsewhere, when none can run.</summary>
    private static async Task<NatsTestServer> NatsForTest()
    {
        try
        {
            return NatsTestServer.FromEnvironment() ?? await NatsTestServer.StartAsync();
        }
        catch (Exception ex) when (!RepoPaths.IsCi)
        {
            Skip.If(true, $"nats-server could not be started: {ex.Message}");
            throw;
        }
    }
}
