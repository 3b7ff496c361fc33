using System.Text.Json;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Redis;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The redis (pub/sub) and redisStream kinds against a real redis-server.</summary>
public sealed class RedisSourceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static SpecSnapshot Source(string kind, string events) => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: cache}
        spec:
          {{kind}}:
            {{events}}
        """);

    private static async Task<T> RunAsync<T>(T kind, SpecSnapshot snapshot)
        where T : Microservices.Events.Ingress.Sources.IEventSourceKind
    {
        await kind.ApplyAsync(snapshot, default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(20)), kind.Health().Description);
        return kind;
    }

    private async Task<ConnectionMultiplexer> ClientAsync() => await ConnectionMultiplexer.ConnectAsync(redis.Server.Address);

    [SkippableFact]
    public async Task A_published_message_becomes_an_event_with_its_channel_the_matching_pattern_and_its_body()
    {
        redis.Require();
        var harness = new EdgeHarness();
        using var kind = await RunAsync(new RedisSource(harness.Services, harness.Secrets, NullLogger<RedisSource>.Instance), Source("redis", $$"""
            example: {hostAddress: "{{redis.Server.Address}}", channels: [FOO, "bar.*"], jsonBody: true, metadata: {team: a} }
            """));
        await using var client = await ClientAsync();
        var publisher = client.GetSubscriber();

        await publisher.PublishAsync(RedisChannel.Literal("FOO"), """{"n": 1}""");
        await publisher.PublishAsync(RedisChannel.Literal("bar.baz"), """{"n": 2}""");

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2));
        var data = harness.Bus.Accepted.Select(e => e.Data!.Value).OrderBy(d => d.GetProperty("body").GetProperty("n").GetInt32()).ToList();
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"channel": "FOO", "pattern": "", "body": {"n": 1}, "metadata": {"team": "a"}}""").RootElement, data[0]), data[0].GetRawText());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"channel": "bar.baz", "pattern": "bar.*", "body": {"n": 2}, "metadata": {"team": "a"}}""").RootElement, data[1]), data[1].GetRawText());
        Assert.All(harness.Bus.Accepted, e => Assert.Equal(("cache", "redis", "example"), (e.Source, e.Type, e.Subject)));
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task Without_json_body_the_body_is_the_text_and_with_it_a_message_that_is_not_json_is_dropped()
    {
        redis.Require();
        var harness = new EdgeHarness();
        using var kind = await RunAsync(new RedisSource(harness.Services, harness.Secrets, NullLogger<RedisSource>.Instance), Source("redis", $$"""
            text: {hostAddress: "{{redis.Server.Address}}", channels: [text]}
                json: {hostAddress: "{{redis.Server.Address}}", channels: [json], jsonBody: true}
            """));
        await using var client = await ClientAsync();
        var publisher = client.GetSubscriber();

        await publisher.PublishAsync(RedisChannel.Literal("text"), "hello");
        await publisher.PublishAsync(RedisChannel.Literal("json"), "{oops");
        await publisher.PublishAsync(RedisChannel.Literal("json"), "true");

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 2));
        await Task.Delay(300);
        Assert.Equal("hello", harness.Bus.Accepted.Single(e => e.Subject == "text").Data!.Value.GetProperty("body").GetString());
        Assert.True(harness.Bus.Accepted.Single(e => e.Subject == "json").Data!.Value.GetProperty("body").GetBoolean());
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task A_stream_entry_becomes_an_event_with_its_stream_id_and_values_and_is_acknowledged_after_the_bus_accepted_it()
    {
        redis.Require();
        var stream = $"orders-{Guid.NewGuid():N}";
        var harness = new EdgeHarness(refuse: 1);
        using var kind = await RunAsync(new RedisStreamSource(harness.Services, harness.Secrets, NullLogger<RedisStreamSource>.Instance), Source("redisStream", $$"""
            example: {hostAddress: "{{redis.Server.Address}}", streams: [{{stream}}], metadata: {team: a} }
            """));
        await using var client = await ClientAsync();
        var db = client.GetDatabase();

        var id = (string)(await db.StreamAddAsync(stream, [new NameValueEntry("message", "hello"), new NameValueEntry("n", "3")]))!;

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        var @event = harness.Bus.Accepted.Single();
        Assert.Equal(EdgeIds.From("cache", "example", stream, id), @event.Id);
        var expected = JsonDocument.Parse($$"""{"stream": "{{stream}}", "message_id": "{{id}}", "values": {"message": "hello", "n": "3"}, "metadata": {"team": "a"} }""").RootElement;
        Assert.True(JsonElement.DeepEquals(expected, @event.Data!.Value), @event.Data!.Value.GetRawText());
        Assert.True(await Eventually.HoldsAsync(async () => (await db.StreamPendingAsync(stream, RedisStreamSource.DefaultGroup)).PendingMessageCount == 0));
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task After_a_crash_the_consumer_hands_on_its_own_pending_entries_and_claims_those_a_dead_consumer_left()
    {
        redis.Require();
        var stream = $"orders-{Guid.NewGuid():N}";
        await using var client = await ClientAsync();
        var db = client.GetDatabase();
        await db.StreamCreateConsumerGroupAsync(stream, "cg", StreamPosition.Beginning, createStream: true);
        var ids = new List<string>();
        for (var n = 1; n <= 3; n++)
        {
            ids.Add((string)(await db.StreamAddAsync(stream, "n", n))!);
        }

        // Entry 1 was read by this host's consumer and entry 2 by one that died; neither was acknowledged.
        await db.StreamReadGroupAsync(stream, "cg", RedisStreamSource.ConsumerName, ">", 1);
        await db.StreamReadGroupAsync(stream, "cg", "dead-replica", ">", 1);
        await db.ExecuteAsync("XCLAIM", stream, "cg", "dead-replica", 0, ids[1], "IDLE", (long)RedisStreamSource.StaleAfter.TotalMilliseconds * 2);
        var harness = new EdgeHarness();
        using var kind = await RunAsync(new RedisStreamSource(harness.Services, harness.Secrets, NullLogger<RedisStreamSource>.Instance), Source("redisStream", $$"""
            example: {hostAddress: "{{redis.Server.Address}}", streams: [{{stream}}], consumerGroup: cg, maxMsgCountPerRead: 2}
            """));

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 3, TimeSpan.FromSeconds(20)));
        Assert.Equal(ids.Select(id => EdgeIds.From("cache", "example", stream, id)).Order(), harness.Bus.Accepted.Select(e => e.Id).Order());
        Assert.True(await Eventually.HoldsAsync(async () => (await db.StreamPendingAsync(stream, "cg")).PendingMessageCount == 0));
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task The_group_is_created_at_the_end_of_the_stream_so_older_entries_are_not_events()
    {
        redis.Require();
        var stream = $"orders-{Guid.NewGuid():N}";
        await using var client = await ClientAsync();
        var db = client.GetDatabase();
        await db.StreamAddAsync(stream, "n", 0);
        var harness = new EdgeHarness();
        using var kind = await RunAsync(new RedisStreamSource(harness.Services, harness.Secrets, NullLogger<RedisStreamSource>.Instance), Source("redisStream", $$"""
            example: {hostAddress: "{{redis.Server.Address}}", streams: [{{stream}}]}
            """));

        await db.StreamAddAsync(stream, "n", 1);

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1));
        await Task.Delay(500);
        Assert.Equal("1", Assert.Single(harness.Bus.Accepted).Data!.Value.GetProperty("values").GetProperty("n").GetString());
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task Health_is_degraded_naming_the_listener_while_redis_cannot_be_reached()
    {
        redis.Require();
        var harness = new EdgeHarness();
        using var kind = new RedisStreamSource(harness.Services, harness.Secrets, NullLogger<RedisStreamSource>.Instance);
        await kind.ApplyAsync(Source("redisStream", $$"""
            nowhere: {hostAddress: "127.0.0.1:{{FreePort.Next()}}", streams: [s]}
            """), default);

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded && kind.Health().Description!.Contains("cache/nowhere", StringComparison.Ordinal)));
        await kind.StopAsync(default);
    }

    [SkippableFact]
    public async Task When_redis_goes_away_health_is_degraded_and_the_stream_is_consumed_again_once_it_is_back()
    {
        redis.Require();
        var own = await RedisTestServer.StartAsync();
        var port = own.Port;
        var harness = new EdgeHarness();
        using var kind = await RunAsync(new RedisStreamSource(harness.Services, harness.Secrets, NullLogger<RedisStreamSource>.Instance), Source("redisStream", $$"""
            example: {hostAddress: "{{own.Address}}", streams: [FOO]}
            """));

        await own.DisposeAsync();
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded && kind.Health().Description!.Contains("cache/example", StringComparison.Ordinal), TimeSpan.FromSeconds(20)), kind.Health().Description);
        await using var again = await RedisTestServer.StartOnAsync(port);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(40)), kind.Health().Description);
        await using var client = await ConnectionMultiplexer.ConnectAsync(again.Address);

        // The new server is empty: the source creates its group again at the end of the stream, then reads on.
        Assert.True(await Eventually.HoldsAsync(async () => await client.GetDatabase().KeyExistsAsync("FOO")
            && (await client.GetDatabase().StreamGroupInfoAsync("FOO")).Any(g => g.Name == RedisStreamSource.DefaultGroup), TimeSpan.FromSeconds(40)));
        await client.GetDatabase().StreamAddAsync("FOO", "n", 1);

        Assert.True(await Eventually.HoldsAsync(() => harness.Bus.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        await kind.StopAsync(default);
    }
}
