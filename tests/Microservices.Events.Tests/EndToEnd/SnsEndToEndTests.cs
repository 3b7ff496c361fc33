using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Sns;
using Microservices.Events.Tests.Support;
using Microservices.Events.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// SNS messages signed as SNS signs them, through the embedded services: the subscription confirmation is confirmed and
/// not published, a notification fires the trigger, a forged or tampered one and one whose certificate host is not
/// allowed do not.
/// </summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class SnsEndToEndTests : IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:deployments";
    private HttpSink _sink = null!;
    private SnsDouble _sns = null!;

    public async Task InitializeAsync()
    {
        _sink = await HttpSink.StartAsync();
        _sns = await SnsDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _sns.DisposeAsync();
    }

    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: sns-e2e}
        spec:
          sns:
            deploy:
              topicArn: arn:aws:sns:us-east-1:123456789012:deployments
              webhook: {endpoint: /sns, port: "12043", method: POST}
              validateSignature: true
              region: us-east-1
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: on-sns}
        spec:
          dependencies:
            - {name: deploy, eventSourceName: sns-e2e, eventName: deploy}
          triggers:
            - template:
                name: call
                http:
                  url: {{_sink.BaseUrl}}/sns
                  payload:
                    - src: {dependencyName: deploy, dataKey: body.Message}
                      dest: message
                    - src: {dependencyName: deploy, dataKey: body.Subject}
                      dest: subject
        """;

    [Fact]
    public async Task A_signed_notification_fires_the_trigger_after_the_subscription_is_confirmed_and_forged_messages_do_not()
    {
        using var specs = new TempSpecs(("sns.yaml", EventSource), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Ingress:Sns:AllowedHostPattern"] = @"^127\.0\.0\.1$";
        builder.Configuration["Ingress:Sns:AllowHttp"] = "true";
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://localhost:12043");

        var confirmation = await Post(client, _sns.SubscriptionConfirmation(Topic, "tok-1"));
        var tampered = _sns.Notification(Topic, "tampered");
        tampered["Message"] = "rewritten";
        var tamperedAnswer = await Post(client, tampered);
        var foreignCert = _sns.Notification(Topic, "foreign");
        foreignCert["SigningCertURL"] = "https://evil.example.com/cert.pem";
        var foreignAnswer = await Post(client, foreignCert);
        var notification = await Post(client, _sns.Notification(Topic, "release 1.2.3", subject: "deploy", signatureVersion: 2));

        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        Assert.Equal(["tok-1"], _sns.Confirmed);
        Assert.Equal(HttpStatusCode.BadRequest, tamperedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreignAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notification.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/sns")), "the HTTP trigger was not called");
        await Task.Delay(500);
        var call = Assert.Single(_sink.Requests, r => r.Path == "/sns");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"release 1.2.3","subject":"deploy"}"""), JsonNode.Parse(call.Body)), call.Body);

        var metrics = await app.GetTestClient().GetStringAsync("http://localhost/metrics");
        Assert.Matches("""events_rejected_total\{[^}]*event_source="sns-e2e"[^}]*reason="signature"[^}]*\} 2""", metrics);
        await app.StopAsync();
    }

    [Fact]
    public void Only_https_urls_of_SNS_hosts_are_allowed_by_default()
    {
        var options = new SnsOptions();

        Assert.True(SnsMessage.Allowed("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", options.AllowedHostPattern, options.AllowHttp));
        Assert.True(SnsMessage.Allowed("https://sns.cn-north-1.amazonaws.com.cn/cert.pem", options.AllowedHostPattern, options.AllowHttp));
        Assert.False(SnsMessage.Allowed("http://sns.us-east-1.amazonaws.com/cert.pem", options.AllowedHostPattern, options.AllowHttp));
        Assert.False(SnsMessage.Allowed("https://sns.us-east-1.amazonaws.com.evil.com/cert.pem", options.AllowedHostPattern, options.AllowHttp));
        Assert.False(SnsMessage.Allowed("https://evil.com/sns.us-east-1.amazonaws.com", options.AllowedHostPattern, options.AllowHttp));
        Assert.False(SnsMessage.Allowed("not a url", options.AllowedHostPattern, options.AllowHttp));
    }

    [Fact]
    public void The_string_to_sign_lists_the_signed_keys_in_order_and_leaves_out_an_absent_subject()
    {
        var message = new JsonObject { ["Type"] = "Notification", ["MessageId"] = "m1", ["TopicArn"] = Topic, ["Message"] = "hi", ["Timestamp"] = "2026-03-01T12:00:00.000Z", ["Signature"] = "x" };

        Assert.Equal($"Message\nhi\nMessageId\nm1\nTimestamp\n2026-03-01T12:00:00.000Z\nTopicArn\n{Topic}\nType\nNotification\n", Encoding.UTF8.GetString(SnsMessage.StringToSign(message)));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, JsonObject message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sns") { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "text/plain") };
        request.Headers.Add("x-amz-sns-message-type", (string)message["Type"]!);
        request.Headers.Add("x-amz-sns-topic-arn", Topic);
        return client.SendAsync(request);
    }
}
