using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Minio;
using Microservices.Events.Semantics.Aws;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The <c>minio</c> kind against a double of MinIO's listen API: the signed listen request, Argo's event data, ids from
/// bucket + key + sequencer, reconnecting when the stream ends, and a missing bucket reported on /health.
/// </summary>
public sealed class MinioSourceTests : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string AccessKey = "AKIAEDGEMINIO001";
    public const string SecretKey = "minio-secret";
    private MinioListenDouble _minio = null!;

    public async Task InitializeAsync() => _minio = await MinioListenDouble.StartAsync(Region, [AccessKey], ["input"]);

    public async Task DisposeAsync() => await _minio.DisposeAsync();

    public static SecretResolver Secrets() => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Secrets:artifacts-minio:accesskey"] = AccessKey,
        ["Secrets:artifacts-minio:secretkey"] = SecretKey,
    }).Build());

    private SpecSnapshot Spec(string bucket = "input") => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: minio}
        spec:
          minio:
            example:
              bucket: {name: {{bucket}}}
              endpoint: {{_minio.Endpoint}}
              events: [s3:ObjectCreated:Put, s3:ObjectRemoved:Delete]
              filter: {prefix: hello-, suffix: .txt}
              insecure: true
              metadata: {team: a}
              accessKey: {key: accesskey, name: artifacts-minio}
              secretKey: {key: secretkey, name: artifacts-minio}
        """);

    private static MinioSource Source(EdgeRecordingBus bus) => new(bus.Services, Secrets(), TimeProvider.System, NullLogger<MinioSource>.Instance);

    [Fact]
    public async Task An_uploaded_object_becomes_one_event_with_argos_notification_data_and_objects_outside_the_filter_do_not()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(), default);
        Assert.True(await Eventually.HoldsAsync(() => _minio.Listening == 1 && source.Health().Status == HealthStatus.Healthy), source.Health().Description);

        await MinioUploads.PutAsync(_minio.Endpoint, "input", "other.txt", "no");
        await MinioUploads.PutAsync(_minio.Endpoint, "input", "hello-1.txt", "yes");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        await Task.Delay(300);
        var @event = Assert.Single(bus.Accepted);
        Assert.Equal(("minio", "minio", "example"), (@event.Source, @event.Type, @event.Subject));
        var record = @event.Data!.Value.GetProperty("notification")[0];
        Assert.Equal("s3:ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("input", record.GetProperty("s3").GetProperty("bucket").GetProperty("name").GetString());
        Assert.Equal("hello-1.txt", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal("a", @event.Data.Value.GetProperty("metadata").GetProperty("team").GetString());
        var sequencer = record.GetProperty("s3").GetProperty("object").GetProperty("sequencer").GetString()!;
        Assert.Equal(EdgeIds.From("minio", "example", "input", "hello-1.txt", sequencer, "s3:ObjectCreated:Put"), @event.Id);
        var listen = Assert.Single(_minio.Listens);
        Assert.Equal($"?events=s3%3AObjectCreated%3APut&events=s3%3AObjectRemoved%3ADelete&ping=10&prefix=hello-&suffix=.txt {AccessKey}", listen);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_stream_that_ends_is_opened_again_and_later_notifications_arrive()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(), default);
        Assert.True(await Eventually.HoldsAsync(() => _minio.Listening == 1));

        _minio.Disconnect();
        Assert.True(await Eventually.HoldsAsync(() => _minio.Listens.Count == 2 && _minio.Listening == 1, TimeSpan.FromSeconds(15)), source.Health().Description);
        await MinioUploads.PutAsync(_minio.Endpoint, "input", "hello-2.txt", "after");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        Assert.Equal(HealthStatus.Healthy, source.Health().Status);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_line_that_is_not_a_notification_is_skipped_and_the_stream_goes_on()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec(), default);
        Assert.True(await Eventually.HoldsAsync(() => _minio.Listening == 1));

        _minio.SendRaw("""{"Records":[{"eventName":""");
        await MinioUploads.PutAsync(_minio.Endpoint, "input", "hello-3.txt", "after garbage");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        Assert.Equal("hello-3.txt", bus.Accepted.Single().Data!.Value.GetProperty("notification")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Single(_minio.Listens);
        await source.StopAsync(default);
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_keeps_the_listener_degraded_with_minios_error_code()
    {
        var bus = new EdgeRecordingBus();
        using var source = Source(bus);
        await source.ApplyAsync(Spec("missing"), default);

        Assert.True(await Eventually.HoldsAsync(() => source.Health().Description!.Contains("NoSuchBucket", StringComparison.Ordinal)), source.Health().Description);
        Assert.Equal(HealthStatus.Degraded, source.Health().Status);
        await source.StopAsync(default);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("""{"Records":null}""", 0)]
    [InlineData("""{}""", 0)]
    [InlineData("""{"Records":[{"eventName":"s3:ObjectCreated:Put"}]}""", 1)]
    [InlineData("""  {"Records":[{},{}]}""", 2)]
    public void A_listen_line_holds_records_or_is_a_keep_alive(string line, int records)
    {
        Assert.Equal(records, MinioNotification.Records(line, out var problem)!.Count);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Records":"x"}""")]
    public void A_line_that_is_not_a_notification_is_refused_with_a_reason(string line)
    {
        Assert.Null(MinioNotification.Records(line, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Coordinates_are_bucket_key_sequencer_or_version_and_event_name_of_every_record()
    {
        var records = JsonNode.Parse("""
            [{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k1","sequencer":"00A1","versionId":"v1"}}},
             {"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"k2","versionId":"v2"}}}]
            """)!.AsArray();

        Assert.Equal(["b", "k1", "00A1", "s3:ObjectCreated:Put", "b", "k2", "v2", "s3:ObjectRemoved:Delete"], MinioNotification.Coordinates(records));
        Assert.Equal("""{"notification":[{},{}]}""", JsonSerializer.Serialize(MinioNotification.Data(JsonNode.Parse("[{},{}]")!.AsArray(), new Dictionary<string, string>())));
    }

    [Fact]
    public void The_listen_request_is_minios_signed_get_on_the_bucket()
    {
        var spec = new S3Artifact
        {
            Endpoint = "minio.example:9000",
            Bucket = new S3Bucket { Name = "input" },
            Events = ["s3:ObjectCreated:*"],
            AccessKey = new SecretKeySelector(),
        };
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        using var request = MinioListenRequest.Create(spec, new AwsCredentials("AKIAEXAMPLE", "secret", null), now);

        Assert.Equal("https://minio.example:9000/input?events=s3%3AObjectCreated%3A%2A&ping=10&prefix=&suffix=", request.RequestUri!.OriginalString);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260301/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal(SigV4.EmptyPayloadHash, request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Equal("20260301T120000Z", request.Headers.GetValues("x-amz-date").Single());
    }
}

/// <summary>Object uploads as an S3 client makes them, for the MinIO listen double.</summary>
public static class MinioUploads
{
    /// <summary>Uploads an object as an S3 client does (signed PUT, unsigned payload).</summary>
    public static async Task PutAsync(string endpoint, string bucket, string key, string content)
    {
        using var http = new HttpClient();
        var now = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string> { ["host"] = endpoint, ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD", ["x-amz-date"] = SigV4.AmzDate(now) };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"http://{endpoint}/{bucket}/{SigV4.Encode(key)}") { Content = new StringContent(content) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("Authorization", SigV4.S3Authorization("PUT", [bucket, key], [], headers, "UNSIGNED-PAYLOAD", new AwsCredentials(MinioSourceTests.AccessKey, MinioSourceTests.SecretKey, null), MinioSourceTests.Region, now));
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
