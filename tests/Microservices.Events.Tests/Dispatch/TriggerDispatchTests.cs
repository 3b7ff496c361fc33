using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;
using Microservices.Events.TriggerDispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>trigger-dispatch on the test harness against a real local HTTP server.</summary>
public sealed class TriggerDispatchTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private string Sensor(string triggers) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
        {{triggers}}
        """;

    private static TriggerRequested Request(string trigger, string firingId = "6f1c2a4e-0000-5000-8000-000000000001") => new()
    {
        FiringId = Guid.Parse(firingId),
        Sensor = "s",
        Trigger = trigger,
        Events = new Dictionary<string, EventEnvelope>
        {
            ["dep"] = new()
            {
                Id = "e1",
                Source = "webhook",
                Subject = "example",
                Type = "webhook",
                Time = DateTimeOffset.UtcNow,
                Data = JsonDocument.Parse("""{"body":{"message":"hi","count":3}}""").RootElement,
            },
        },
    };

    [Fact]
    public async Task An_http_trigger_posts_the_payload_built_from_parameters_and_reports_success()
    {
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http:
                      url: {{_sink.BaseUrl}}/hook
                      headers: {X-Team: platform}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: msg
                        - src: {dependencyName: dep, dataKey: body.count, useRawData: true}
                          dest: nested.count
                        - src: {dependencyName: dep, contextKey: subject}
                          dest: subject
            """));

        await h.Bus.Publish(Request("call"));

        var success = await Outcome<TriggerSucceeded>(h);
        Assert.Equal("http", success.Kind);
        Assert.Contains("200", success.Detail);
        var request = Assert.Single(_sink.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("platform", request.Headers["X-Team"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"msg":"hi","nested":{"count":3},"subject":"example"}"""), JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task A_status_outside_policy_allow_fails_after_the_retry_strategy_is_spent()
    {
        _sink.AnswerWith(500, 500, 500);
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook", method: PUT}
                  retryStrategy: {steps: 3, duration: 10ms}
                  policy:
                    status:
                      allow: [200]
            """));

        await h.Bus.Publish(Request("call"));

        var failed = await Outcome<TriggerFailed>(h);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("500", failed.Reason);
        Assert.Equal(3, _sink.Requests.Count);
        Assert.All(_sink.Requests, r => Assert.Equal("PUT", r.Method));
    }

    [Fact]
    public async Task A_retry_that_succeeds_reports_success_with_its_attempts()
    {
        _sink.AnswerWith(503);
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook"}
                  retryStrategy: {steps: 3, duration: 10ms}
            """));

        await h.Bus.Publish(Request("call"));

        Assert.Equal(2, (await Outcome<TriggerSucceeded>(h)).Attempts);
    }

    [Fact]
    public async Task A_redelivered_firing_id_runs_the_action_once()
    {
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook"}
            """));

        await h.Bus.Publish(Request("call"));
        await h.Bus.Publish(Request("call"));

        Assert.True(await Eventually.HoldsAsync(() => h.Consumed.Select<TriggerRequested>().Count() == 2));
        await Task.Delay(200);
        Assert.Single(_sink.Requests);
        Assert.Single(h.Published.Select<TriggerSucceeded>());
    }

    [Fact]
    public async Task Trigger_level_parameters_patch_the_template_before_it_runs()
    {
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/default"}
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.message}
                      dest: http.url
                      operation: prepend
                    - src: {dependencyName: dep, value: "{{_sink.BaseUrl}}/from-parameter"}
                      dest: http.url
            """));

        await h.Bus.Publish(Request("call"));

        await Outcome<TriggerSucceeded>(h);
        Assert.Equal("/from-parameter", Assert.Single(_sink.Requests).Path);
    }

    [Fact]
    public async Task A_log_trigger_succeeds_and_a_field_not_supported_yet_fails_its_firings_with_a_reason()
    {
        await using var h = await Start(Sensor("""
                - template: {name: logit, log: {}}
                - template:
                    name: natsit
                    nats: {url: "127.0.0.1:1", subject: s, payload: [{src: {dependencyName: dep, value: x}, dest: x}], auth: {credential: {name: creds, key: file}}}
            """));

        await h.Bus.Publish(Request("logit"));
        await h.Bus.Publish(Request("natsit", "6f1c2a4e-0000-5000-8000-000000000002"));

        Assert.Equal("log", (await Outcome<TriggerSucceeded>(h)).Kind);
        Assert.Contains("auth.credential: credentials file authentication is not supported yet", (await Outcome<TriggerFailed>(h)).Reason);
    }

    [Fact]
    public async Task An_http_trigger_whose_url_is_not_absolute_fails_each_attempt_with_that_reason()
    {
        await using var h = await Start(Sensor("""
                - template:
                    name: call
                    http: {url: "http://example.test/hook"}
                  parameters:
                    - src: {dependencyName: dep, value: "not-a-url"}
                      dest: http.url
                  retryStrategy: {steps: 2, duration: 10ms}
            """));

        await h.Bus.Publish(Request("call"));

        var failed = await Outcome<TriggerFailed>(h);
        Assert.Equal("url \"not-a-url\" is not an absolute URL", failed.Reason);
        Assert.Equal(2, failed.Attempts);
    }

    [Fact]
    public async Task A_failed_trigger_runs_its_dead_letter_trigger()
    {
        _sink.AnswerWith(500);
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/main"}
                  atLeastOnce: true
                  dlqTrigger:
                    atLeastOnce: true
                    template:
                      name: call-dlq
                      http: {url: "{{_sink.BaseUrl}}/dead-letter"}
            """));

        await h.Bus.Publish(Request("call"));

        await Outcome<TriggerFailed>(h);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count == 2));
        Assert.Equal(["/main", "/dead-letter"], _sink.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_rate_limited_trigger_spreads_a_burst_of_firings_evenly()
    {
        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook"}
                  rateLimit: {unit: Second, requestsPerUnit: 5}
            """));

        // One call first, so the 8 measured do not include the first connection's setup.
        await h.Bus.Publish(Request("call", "6f1c2a4e-0000-5000-8000-0000000001ff"));
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count == 1, TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 8; i++)
        {
            await h.Bus.Publish(Request("call", $"6f1c2a4e-0000-5000-8000-00000000010{i}"));
        }

        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Count == 9, TimeSpan.FromSeconds(10)));
        var times = _sink.Requests.Skip(1).Select(r => r.At).Order().ToList();
        // The pacer releases them 200 ms apart, 1.4 s from the first to the last (exactly so on a fake clock:
        // RateLimitTests). Measured at the sink a call the loaded machine delays lands closer to the next, so this
        // allows some jitter; unpaced, or with a burst of 5 let through, all 8 would arrive within 0.6 s.
        var busiest = times.Max(t => times.Count(o => o >= t && o <= t + TimeSpan.FromSeconds(1)));
        Assert.True(busiest <= 7, $"{busiest} calls within one second");
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1), $"8 calls at 5/s took {times[^1] - times[0]}");
    }

    private static async Task<T> Outcome<T>(ServiceHarness h) where T : class
    {
        Assert.True(await Eventually.HoldsAsync(() => h.Published.Select<T>().Any()), $"no {typeof(T).Name} published");
        return h.Published.Select<T>().First().Context.Message;
    }

    [Fact]
    public async Task A_firing_executed_before_a_restart_is_not_executed_again()
    {
        using var state = new TempStateFile();
        var sensor = Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook"}
            """);
        await using (var before = await Start(sensor, state))
        {
            await before.Bus.Publish(Request("call"));
            await Outcome<TriggerSucceeded>(before);
        }

        await using var after = await Start(sensor, state);
        await after.Bus.Publish(Request("call"));

        Assert.True(await Eventually.HoldsAsync(() => after.Consumed.Select<TriggerRequested>().Any()));
        await Task.Delay(300);
        Assert.Single(_sink.Requests);
        Assert.Empty(after.Published.Select<TriggerSucceeded>());
    }

    [Fact]
    public async Task A_firing_claimed_by_a_process_that_died_runs_once_its_lease_ran_out()
    {
        using var state = new TempStateFile();
        var request = Request("call");

        // Read before the claim: the lease runs from the claim's own clock reading, and stopping the process that
        // made it can take a second of a busy machine.
        var claimedAt = DateTimeOffset.UtcNow;
        await using (var crashed = Persistence.StateProcess.Start(Persistence.StateBackend.ForFile(state), configure: o => o.FiringLeaseSeconds = 2))
        {
            Assert.Equal(ClaimOutcome.Claimed, await crashed.GetRequiredService<FiringLedgerStore>().TryClaimAsync(request.FiringId));
        }

        await using var h = await Start(Sensor($$"""
                - template:
                    name: call
                    http: {url: "{{_sink.BaseUrl}}/hook"}
            """), state, leaseSeconds: 2);
        await h.Bus.Publish(request);

        await Outcome<TriggerSucceeded>(h);
        var call = Assert.Single(_sink.Requests);
        Assert.True(call.At - claimedAt >= TimeSpan.FromSeconds(1.98), $"ran {call.At - claimedAt} after the dead claim, before its lease ran out");
    }

    private static Task<ServiceHarness> Start(string sensorYaml, TempStateFile? state = null, int leaseSeconds = 120) => ServiceHarness.StartAsync(builder =>
    {
        builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml(sensorYaml)));
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = state is null ? "InMemory" : "Sqlite";
        builder.Configuration["ConnectionStrings:State"] = state?.ConnectionString;
        builder.Configuration["State:FiringLeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddTriggerDispatch();
        builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
    });
}
