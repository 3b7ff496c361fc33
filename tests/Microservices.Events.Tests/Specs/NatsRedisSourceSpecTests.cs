using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Tests.Specs;

/// <summary>The nats, redis and redisStream sources at load: Argo's examples load clean, bad settings are errors at their path, the jetStream extension is a warning.</summary>
public sealed class NatsRedisSourceSpecTests
{
    [Theory]
    [InlineData("event-sources/nats.yaml", "nats")]
    [InlineData("event-sources/redis.yaml", "redis")]
    [InlineData("event-sources/redis-streams.yaml", "redisStream")]
    public void The_Argo_example_loads_without_findings(string relativePath, string kind)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, relativePath);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.NotNull(Assert.Single(file.Documents).EventSource);
        Assert.Empty(file.AllDiagnostics);
        Assert.Contains(file.Documents[0].EventSource!.Spec.DeclaredKinds(), k => k.Kind == kind);
    }

    [Theory]
    [InlineData("nats", "url: nats://n:4222", "spec.nats.e.subject", "required")]
    [InlineData("nats", "url: http://n:4222\n      subject: a", "spec.nats.e.url", "scheme \"http\" is not nats or tls")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a.>.b", "spec.nats.e.subject", "> may only be the last token")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      auth: {token: {name: s}}", "spec.nats.e.auth.token.key", "required")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      auth: {basic: {username: {name: s, key: u}}, token: {name: s, key: t}}", "spec.nats.e.auth", "only one of")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      connectionBackoff: {duration: soon}", "spec.nats.e.connectionBackoff.duration", "neither nanoseconds nor a duration")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      tls: {clientCertSecret: {name: s, key: c}}", "spec.nats.e.tls.clientKeySecret", "go together")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      jetStream: {durable: d}", "spec.nats.e.jetStream.stream", "required")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      jetStream: {stream: S, durable: a.b}", "spec.nats.e.jetStream.durable", "is not a JetStream name")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      jetStream: {stream: S, durable: d, deliverPolicy: last}", "spec.nats.e.jetStream.deliverPolicy", "not one of new, all")]
    [InlineData("nats", "url: nats://n:4222\n      subject: a\n      queue: q\n      jetStream: {stream: S, durable: d}", "spec.nats.e.queue", "queue group is for core NATS")]
    [InlineData("redis", "channels: [a]", "spec.redis.e.hostAddress", "required")]
    [InlineData("redis", "hostAddress: redis\n      channels: [a]", "spec.redis.e.hostAddress", "is not host:port")]
    [InlineData("redis", "hostAddress: redis:6379", "spec.redis.e.channels", "at least one channel")]
    [InlineData("redis", "hostAddress: redis:6379\n      channels: [a, \" \"]", "spec.redis.e.channels[1]", "must name a channel")]
    [InlineData("redis", "hostAddress: redis:6379\n      channels: [a]\n      db: -1", "spec.redis.e.db", "must not be negative")]
    [InlineData("redis", "hostAddress: redis:6379\n      channels: [a]\n      password: {key: p}", "spec.redis.e.password.name", "required")]
    [InlineData("redisStream", "hostAddress: redis:6379", "spec.redisStream.e.streams", "at least one stream")]
    [InlineData("redisStream", "hostAddress: redis:99999\n      streams: [s]", "spec.redisStream.e.hostAddress", "is not host:port")]
    [InlineData("redisStream", "hostAddress: redis:6379\n      streams: [s]\n      maxMsgCountPerRead: -5", "spec.redisStream.e.maxMsgCountPerRead", "must not be negative")]
    [InlineData("redisStream", "hostAddress: redis:6379\n      streams: [s]\n      consumerGroup: \" \"", "spec.redisStream.e.consumerGroup", "must not be blank")]
    [InlineData("redisStream", "hostAddress: redis:6379\n      streams: [s]\n      filter: {expression: \"values.n ==\"}", "spec.redisStream.e.filter.expression", "does not parse")]
    public void A_bad_setting_is_an_error_at_its_path(string kind, string settings, string path, string message)
    {
        var file = SpecLoader.Load(Yaml(kind, settings));

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Jetstream_is_reported_as_this_projects_extension_and_credentials_files_as_not_supported()
    {
        var file = SpecLoader.Load(Yaml("nats", "url: nats://n:4222\n      subject: a\n      jetStream: {stream: S, durable: d}\n      auth: {credential: {name: s, key: creds}}"));

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "spec.nats.e.jetStream" && d.Message.Contains("extension", StringComparison.Ordinal));
        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Unsupported && d.Path == "spec.nats.e.auth.credential");
    }

    [Theory]
    [InlineData("redis:6379", "redis", 6379)]
    [InlineData("10.0.0.1:1", "10.0.0.1", 1)]
    [InlineData("[::1]:6380", "::1", 6380)]
    [InlineData("redis", null, 0)]
    [InlineData(":6379", null, 0)]
    [InlineData("redis:port", null, 0)]
    [InlineData("redis:65536", null, 0)]
    public void A_host_address_is_host_and_port(string address, string? host, int port)
    {
        var parsed = RedisAddress.Parse(address);

        Assert.Equal((host, port), (parsed.Host, parsed.Port));
        Assert.Equal(host is null, parsed.Error is not null);
    }

    private static string Yaml(string kind, string settings) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {"{"}name: es{"}"}
        spec:
          {kind}:
            e:
              {settings}
        """;
}
