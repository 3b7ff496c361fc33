using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Sqs;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The <c>sqs</c> kind against the SQS double (AWS JSON protocol, signed requests): Argo's event data, delete only after
/// the bus accepted, a refused message received again, malformed bodies deleted or left for the redrive policy, and a
/// missing queue reported on /health until it exists.
/// </summary>
public sealed class SqsSourceTests : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string AccessKey = "AKIAEDGESQS00001";
    public const string SecretKey = "edge-secret";
    private SqsDouble _sqs = null!;

    public async Task InitializeAsync()
    {
        _sqs = await SqsDouble.StartAsync(Region, [AccessKey]);
        _sqs.CreateQueue("orders");
        _sqs.CreateQueue("plain");
        _sqs.CreateQueue("dead");
        _sqs.CreateQueue("parked", deadLetterQueue: "dead", maxReceiveCount: 2);
    }

    public async Task DisposeAsync() => await _sqs.DisposeAsync();

    public static IAmazonSQS Producer(string serviceUrl) =>
        new AmazonSQSClient(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonSQSConfig { ServiceURL = serviceUrl, AuthenticationRegion = Region });

    public static SecretResolver Secrets() => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Secrets:aws-secret:accesskey"] = AccessKey,
        ["Secrets:aws-secret:secretkey"] = SecretKey,
    }).Build());

    private SpecSnapshot Spec(string events) => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: aws-sqs}
        spec:
          sqs:
        {{events.Replace("ENDPOINT", _sqs.ServiceUrl, StringComparison.Ordinal)}}
        """);

    private static string Event(string name, string queue, string extra = "") => $$"""
            {{name}}:
              region: us-east-1
              queue: {{queue}}
              endpoint: ENDPOINT
              waitTimeSeconds: 1
              accessKey: {name: aws-secret, key: accesskey}
              secretKey: {name: aws-secret, key: secretkey}
              {{extra}}
        """;

    private static SqsSource Source(EdgeRecordingBus bus, SqsOptions? options = null) =>
        new(bus.Services, Secrets(), Options.Create(options ?? new SqsOptions()), TimeProvider.System, NullLogger<SqsSource>.Instance);

    [Fact]
    public async Task Messages_become_events_in_Argos_shape_and_are_deleted_only_after_the_bus_accepted_them()
    {
        using var producer = Producer(_sqs.ServiceUrl);
        var url = _sqs.QueueUrl("orders");
        var sent = await producer.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = """{"n": 1}""",
            MessageAttributes = new() { ["color"] = new MessageAttributeValue { DataType = "String", StringValue = "blue" } },
        });
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);

        await source.ApplyAsync(Spec(Event("example", "orders", "jsonBody: true\n      metadata: {team: a}")), default);

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1 && _sqs.Count("orders") == 0), $"accepted {bus.Accepted.Count}, queued {_sqs.Count("orders")}");
        var @event = Assert.Single(bus.Accepted);
        Assert.Equal(("aws-sqs", "sqs", "example"), (@event.Source, @event.Type, @event.Subject));
        Assert.Equal(EdgeIds.From("aws-sqs", "example", Region, "", "orders", sent.MessageId), @event.Id);
        var data = @event.Data!.Value;
        Assert.Equal(sent.MessageId, data.GetProperty("messageId").GetString());
        Assert.Equal(1, data.GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal("blue", data.GetProperty("messageAttributes").GetProperty("color").GetProperty("StringValue").GetString());
        Assert.Equal("String", data.GetProperty("messageAttributes").GetProperty("color").GetProperty("DataType").GetString());
        Assert.Equal("a", data.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Contains($"ReceiveMessage {AccessKey}", _sqs.Calls);
        Assert.Contains($"DeleteMessage {AccessKey}", _sqs.Calls);
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_message_the_bus_refused_stays_on_the_queue_and_is_delivered_with_the_same_id_once_the_bus_is_back()
    {
        using var producer = Producer(_sqs.ServiceUrl);
        await producer.SendMessageAsync(_sqs.QueueUrl("orders"), "kept");
        var bus = new EdgeRecordingBus { Refusing = true };
        using var source = Source(bus, new SqsOptions { RefusedVisibilitySeconds = 1 });
        await source.ApplyAsync(Spec(Event("example", "orders")), default);

        Assert.True(await Eventually.HoldsAsync(() => bus.Refused >= 2, TimeSpan.FromSeconds(20)), $"refused {bus.Refused}");
        Assert.Equal(1, _sqs.Count("orders"));
        bus.Refusing = false;

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1 && _sqs.Count("orders") == 0, TimeSpan.FromSeconds(40)));
        Assert.Equal("kept"u8.ToArray(), Assert.Single(bus.Accepted).Data!.Value.GetProperty("body").GetBytesFromBase64());
        Assert.Contains($"ChangeMessageVisibility {AccessKey}", _sqs.Calls);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_deleted_and_counted_but_left_for_the_redrive_policy_with_dlq()
    {
        using var producer = Producer(_sqs.ServiceUrl);
        foreach (var queue in new[] { "plain", "parked" })
        {
            await producer.SendMessageAsync(_sqs.QueueUrl(queue), "not json {");
            await producer.SendMessageAsync(_sqs.QueueUrl(queue), """{"ok": true}""");
        }

        var bus = new EdgeRecordingBus();
        using var source = Source(bus, new SqsOptions { VisibilityTimeoutSeconds = 1 });
        await source.ApplyAsync(Spec(Event("plain", "plain", "jsonBody: true") + "\n" + Event("parked", "parked", "jsonBody: true\n      dlq: true")), default);

        Assert.True(await Eventually.HoldsAsync(() => _sqs.Count("dead") == 1 && _sqs.Count("plain") == 0 && _sqs.Count("parked") == 0, TimeSpan.FromSeconds(30)),
            $"plain {_sqs.Count("plain")}, parked {_sqs.Count("parked")}, dead {_sqs.Count("dead")}");
        Assert.Equal(["not json {"], _sqs.Bodies("dead"));
        Assert.Equal(["parked", "plain"], bus.Accepted.Select(e => e.Subject).Order());
        Assert.All(bus.Accepted, e => Assert.True(e.Data!.Value.GetProperty("body").GetProperty("ok").GetBoolean()));
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_missing_queue_reports_the_listener_degraded_until_the_queue_exists()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(Event("later", "later")), default);

        Assert.True(await Eventually.HoldsAsync(() => source.Health().Description!.Contains("does not exist", StringComparison.Ordinal)), source.Health().Description);
        Assert.Equal(HealthStatus.Degraded, source.Health().Status);
        _sqs.CreateQueue("later");
        using var producer = Producer(_sqs.ServiceUrl);
        await producer.SendMessageAsync(_sqs.QueueUrl("later"), "{}");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)), source.Health().Description);
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task An_unavailable_service_makes_the_listener_degraded_and_messages_sent_meanwhile_arrive_once_it_is_back()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(Event("example", "orders")), default);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Healthy));

        _sqs.Unavailable = true;
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Degraded, TimeSpan.FromSeconds(20)), source.Health().Description);
        _sqs.Enqueue("orders", "during");
        await Task.Delay(1500);
        Assert.Empty(bus.Accepted);
        _sqs.Unavailable = false;

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1 && _sqs.Count("orders") == 0, TimeSpan.FromSeconds(40)), source.Health().Description);
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        Assert.Contains("ServiceUnavailable", _sqs.Refusals);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task An_event_refused_at_load_for_its_roleARN_is_not_consumed()
    {
        using var producer = Producer(_sqs.ServiceUrl);
        await producer.SendMessageAsync(_sqs.QueueUrl("orders"), "{}");
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        var spec = Spec(Event("example", "orders", "roleARN: arn:aws:iam::123456789012:role/reader"));

        var refusal = Assert.Single(source.Validate(spec.EventSources.Single()));
        await source.ApplyAsync(spec, default);
        await Task.Delay(1500);

        Assert.Equal((Microservices.Events.Specs.Loading.DiagnosticSeverity.Unsupported, "spec.sqs.example.roleARN"), (refusal.Severity, refusal.Path));
        Assert.DoesNotContain(_sqs.Calls, c => c.StartsWith("ReceiveMessage", StringComparison.Ordinal));
        Assert.Equal(1, _sqs.Count("orders"));
        Assert.Contains("0 listener(s)", source.Health().Description);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task Requests_signed_with_an_unknown_key_are_refused_and_the_listener_stays_degraded()
    {
        var bus = new EdgeRecordingBus();
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Secrets:aws-secret:accesskey"] = "AKIAUNKNOWN00001",
            ["Secrets:aws-secret:secretkey"] = SecretKey,
        }).Build());
        using var source = new SqsSource(bus.Services, secrets, Options.Create(new SqsOptions()), TimeProvider.System, NullLogger<SqsSource>.Instance);
        await source.ApplyAsync(Spec(Event("example", "orders")), default);

        Assert.True(await Eventually.HoldsAsync(() => _sqs.Refusals.Contains("InvalidClientTokenId")));
        Assert.Equal(HealthStatus.Degraded, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public void Without_jsonBody_the_body_is_base64_and_attributes_are_written_as_the_AWS_SDK_writes_them()
    {
        var message = new Message
        {
            MessageId = "m-1",
            Body = "héllo",
            MessageAttributes = new()
            {
                ["z"] = new MessageAttributeValue { DataType = "Number", StringValue = "7" },
                ["a"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3]) },
            },
        };

        var data = SqsEventData.From(message, jsonBody: false, metadata: null, out var problem)!.Value;

        Assert.Null(problem);
        Assert.Equal(
            """{"messageId":"m-1","messageAttributes":{"a":{"BinaryListValues":null,"BinaryValue":"AQID","DataType":"Binary","StringListValues":null,"StringValue":null},"z":{"BinaryListValues":null,"BinaryValue":null,"DataType":"Number","StringListValues":null,"StringValue":"7"}},"body":"aMOpbGxv"}""",
            JsonSerializer.Serialize(data));
    }

    [Theory]
    [InlineData("""{"a": 1}""", true, """{"a":1}""")]
    [InlineData("[1,2]", true, "[1,2]")]
    [InlineData("\"text\"", true, "\"text\"")]
    [InlineData("{}", false, "\"e30=\"")]
    [InlineData("not json", true, null)]
    [InlineData("", true, null)]
    public void The_body_is_embedded_as_JSON_with_jsonBody_and_refused_when_it_is_not_JSON(string body, bool jsonBody, string? expected)
    {
        var data = SqsEventData.From(new Message { MessageId = "m", Body = body }, jsonBody, new Dictionary<string, string> { ["k"] = "v" }, out var problem);

        if (expected is null)
        {
            Assert.Null(data);
            Assert.Contains("jsonBody", problem);
        }
        else
        {
            Assert.Equal(expected, data!.Value.GetProperty("body").GetRawText());
            Assert.Equal("v", data.Value.GetProperty("metadata").GetProperty("k").GetString());
        }
    }
}
