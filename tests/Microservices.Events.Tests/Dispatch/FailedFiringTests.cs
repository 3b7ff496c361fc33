using System.Text.Json;
using MassTransit.Testing;
using Microservices.Events.Cli;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Failures;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Support;
using Microservices.Events.TriggerDispatch;
using Microservices.Events.TriggerDispatch.Failures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>
/// Failed firings kept and re-driven: trigger-dispatch on the test harness, serving its /firings endpoints on a real
/// port, asked through the <c>events firings</c> client, calling a real local HTTP server.
/// </summary>
public sealed class FailedFiringTests : IAsyncLifetime
{
    private HttpSink _sink = null!;
    private WebApplication _app = null!;
    private ITestHarness _harness = null!;
    private Uri _url = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _sink = await HttpSink.StartAsync();
        var builder = WebApplication.CreateBuilder();
        var port = FreePort.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: s}
            spec:
              dependencies:
                - {name: dep, eventSourceName: webhook, eventName: example}
              triggers:
                - template:
                    name: call
                    http:
                      url: "http://deploy:hunter2@{{new Uri(_sink.BaseUrl).Authority}}/hook"
                      headers: {Authorization: "Bearer s3cr3t-token", X-Team: platform}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: msg
                  retryStrategy: {steps: 2, duration: 10ms}
                  atLeastOnce: true
                  dlqTrigger:
                    atLeastOnce: true
                    template:
                      name: call-dlq
                      log: {}
            """)));
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddTriggerDispatch();
        builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
        _app = builder.Build();
        _app.MapFailedFirings();
        await _app.StartAsync();
        _harness = _app.Services.GetRequiredService<ITestHarness>();
        _url = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _http.Dispose();
    }

    private static TriggerRequested Request(string firingId = "6f1c2a4e-0000-5000-8000-00000000f001") => new()
    {
        FiringId = Guid.Parse(firingId),
        Sensor = "s",
        Trigger = "call",
        Events = new Dictionary<string, EventEnvelope>
        {
            ["dep"] = new()
            {
                Id = "e1", Source = "webhook", Subject = "example", Type = "webhook", Time = DateTimeOffset.UtcNow,
                Data = JsonDocument.Parse("""{"body":{"message":"hi"}}""").RootElement,
            },
        },
    };

    private async Task<FailedFiring> FailOnce()
    {
        _sink.AnswerWith(500, 500);
        await _harness.Bus.Publish(Request());
        var store = _app.Services.GetRequiredService<IFailedFiringStore>();
        FailedFiring? failed = null;
        Assert.True(await Eventually.HoldsAsync(async () => (failed = await store.GetAsync(Request().FiringId)) is not null),
            "the failure was not stored; published: " + string.Join(", ", _harness.Published.Select<object>().Select(m => JsonSerializer.Serialize(m.Context.Message))) + " consumed " + _harness.Consumed.Select<TriggerRequested>().Count());
        return failed!;
    }

    private async Task<(int Code, string Out, string Error)> Cli(Func<TextWriter, TextWriter, Task<int>> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await command(output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_firing_that_exhausted_its_retries_is_kept_with_attempts_last_error_and_dead_letter_outcome()
    {
        var failed = await FailOnce();

        Assert.Equal(("s", "call", "http", 2), (failed.Sensor, failed.Trigger, failed.Kind, failed.Attempts));
        Assert.Contains("answered 500", failed.LastError);
        Assert.Equal($"POST {_sink.BaseUrl}/hook answered 500", failed.LastError);
        Assert.DoesNotContain("hunter2", _harness.Published.Select<TriggerFailed>().Single().Context.Message.Reason);
        Assert.StartsWith("log succeeded after 1 attempt(s)", failed.DeadLetter);
        Assert.Equal(Request().Events["dep"].Id, JsonSerializer.Deserialize<TriggerRequested>(failed.Request, FailedFiringRecorder.RequestJson)!.Events["dep"].Id);
        var resolved = JsonDocument.Parse(failed.Resolved!).RootElement;
        Assert.Equal("hi", resolved.GetProperty("payload").GetProperty("msg").GetString());
        Assert.Equal("platform", resolved.GetProperty("template").GetProperty("http").GetProperty("headers").GetProperty("X-Team").GetString());
    }

    [Fact]
    public async Task What_is_kept_of_a_failure_holds_no_credential()
    {
        var failed = await FailOnce();

        var stored = JsonSerializer.Serialize(failed);
        Assert.DoesNotContain("s3cr3t-token", stored);
        Assert.DoesNotContain("hunter2", stored);
        Assert.Contains(FiringRedaction.Mask, failed.Resolved);
        var (code, shown, _) = await Cli((o, e) => FailedFiringsClient.ShowAsync(_http, _url, failed.FiringId.ToString(), o, e, default));
        Assert.Equal(0, code);
        Assert.DoesNotContain("s3cr3t-token", shown);
        Assert.DoesNotContain("hunter2", shown);
        Assert.Contains("\"attempts\": 2", shown);
    }

    [Fact]
    public async Task The_cli_lists_failures_by_sensor()
    {
        var failed = await FailOnce();

        var (code, all, _) = await Cli((o, e) => FailedFiringsClient.ListAsync(_http, _url, null, null, o, e, default));
        var (otherCode, other, _) = await Cli((o, e) => FailedFiringsClient.ListAsync(_http, _url, "other", null, o, e, default));

        Assert.Equal((0, 0), (code, otherCode));
        Assert.Contains($"{failed.FiringId}", all);
        Assert.Contains("s/call  http  attempts 2", all);
        Assert.Equal("no failed firings of sensor other", other.Trim());
    }

    [Fact]
    public async Task A_redrive_runs_the_firing_once_as_a_new_firing_and_a_second_redrive_is_refused()
    {
        var failed = await FailOnce();
        var before = _sink.Requests.Count;

        var (code, output, _) = await Cli((o, e) => FailedFiringsClient.RedriveAsync(_http, _url, failed.FiringId.ToString(), o, e, default));

        Assert.Equal(0, code);
        var redriveId = FailedFiringRedrive.RedriveId(failed.FiringId);
        Assert.Contains($"re-driven as firing {redriveId}", output);
        Assert.True(await Eventually.HoldsAsync(() => _harness.Published.Select<TriggerSucceeded>().Any(m => m.Context.Message.FiringId == redriveId)));
        Assert.Equal(before + 1, _sink.Requests.Count);
        Assert.Equal("""{"msg":"hi"}""", _sink.Requests.Last().Body);

        var (again, _, refusal) = await Cli((o, e) => FailedFiringsClient.RedriveAsync(_http, _url, failed.FiringId.ToString(), o, e, default));
        Assert.Equal(1, again);
        Assert.Contains($"was re-driven before as firing {redriveId}", refusal);

        // The same redrive delivered again is a firing id the ledger has seen: it does not run twice.
        var stored = await _app.Services.GetRequiredService<IFailedFiringStore>().GetAsync(failed.FiringId);
        var redrive = JsonSerializer.Deserialize<TriggerRequested>(stored!.Request, FailedFiringRecorder.RequestJson)! with { FiringId = redriveId, RedriveOf = failed.FiringId };
        await _harness.Bus.Publish(redrive);
        Assert.True(await Eventually.HoldsAsync(() => _harness.Consumed.Select<TriggerRequested>().Count(m => m.Context.Message.FiringId == redriveId) == 2));
        await Task.Delay(200);
        Assert.Equal(before + 1, _sink.Requests.Count);
    }

    [Fact]
    public async Task A_redrive_that_fails_again_is_kept_as_its_own_failure_pointing_at_the_first()
    {
        var failed = await FailOnce();
        _sink.AnswerWith(500, 500);

        await _app.Services.GetRequiredService<FailedFiringRedrive>().RedriveAsync(failed.FiringId, default);

        var store = _app.Services.GetRequiredService<IFailedFiringStore>();
        var redriveId = FailedFiringRedrive.RedriveId(failed.FiringId);
        FailedFiring? second = null;
        Assert.True(await Eventually.HoldsAsync(async () => (second = await store.GetAsync(redriveId)) is not null));
        Assert.Equal(failed.FiringId, second!.RedriveOf);
        Assert.Equal(redriveId, (await store.GetAsync(failed.FiringId))!.RedriveFiringId);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_answered_with_the_reason()
    {
        var (missing, _, missingError) = await Cli((o, e) => FailedFiringsClient.ShowAsync(_http, _url, Guid.Empty.ToString(), o, e, default));
        var (malformed, _, malformedError) = await Cli((o, e) => FailedFiringsClient.RedriveAsync(_http, _url, "nope", o, e, default));
        var (unreachable, _, unreachableError) = await Cli((o, e) => FailedFiringsClient.ListAsync(_http, new Uri($"http://127.0.0.1:{FreePort.Next()}/"), null, null, o, e, default));

        Assert.Equal(1, missing);
        Assert.Contains($"no failed firing {Guid.Empty}", missingError);
        Assert.Equal(1, malformed);
        Assert.Contains("id: \"nope\" is not a firing id", malformedError);
        Assert.Equal(2, unreachable);
        Assert.Contains("is not reachable", unreachableError);
    }
}
