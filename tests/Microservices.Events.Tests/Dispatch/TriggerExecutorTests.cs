using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;
using Microservices.Events.TriggerDispatch;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.Http;
using Microservices.Events.TriggerDispatch.Executors.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>Trigger kinds as plugins: registered by name in one place, each saying whether a resolved template can run.</summary>
public sealed class TriggerExecutorTests
{
    [Fact]
    public void Log_and_http_are_the_trigger_kinds_trigger_dispatch_runs()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddTriggerDispatch();
        using var host = builder.Build();

        Assert.Equal(["http", "log"], host.Services.GetRequiredService<TriggerExecutorRegistry>().Kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_kind_name_registered_twice_is_refused()
    {
        var log = new LogTriggerExecutor(TimeProvider.System, NullLogger<LogTriggerExecutor>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => new TriggerExecutorRegistry([log, log]));
        Assert.Contains("trigger kind \"log\" is registered twice", error.Message);
    }

    [Theory]
    [InlineData("http://example.test/hook", true)]
    [InlineData("relative/hook", false)]
    [InlineData(null, false)]
    public void An_http_template_runs_only_with_an_absolute_url(string? url, bool runs)
    {
        var problems = new HttpTriggerExecutor(null!).Validate(new TriggerTemplate { Name = "t", Http = new HttpTrigger { Url = url } });

        Assert.Equal(runs, problems.Count == 0);
    }

    [Fact]
    public async Task An_http_trigger_whose_url_is_not_absolute_fails_each_attempt_with_that_reason()
    {
        await using var h = await ServiceHarness.StartAsync(builder =>
        {
            builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml("""
                apiVersion: argoproj.io/v1alpha1
                kind: Sensor
                metadata: {name: s}
                spec:
                  dependencies:
                    - {name: dep, eventSourceName: webhook, eventName: example}
                  triggers:
                    - template:
                        name: call
                        http: {url: "http://example.test/hook"}
                      parameters:
                        - src: {dependencyName: dep, value: "not-a-url"}
                          dest: http.url
                      retryStrategy: {steps: 2, duration: 10ms}
                """)));
            builder.Configuration["Specs:Directory"] = "unused";
            builder.Configuration["State:Provider"] = "InMemory";
            builder.AddTriggerDispatch();
            builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
        });

        await h.Bus.Publish(new TriggerRequested
        {
            FiringId = Guid.NewGuid(),
            Sensor = "s",
            Trigger = "call",
            Events = new Dictionary<string, EventEnvelope> { ["dep"] = new() { Id = "e1", Source = "webhook", Subject = "example", Type = "webhook", Time = DateTimeOffset.UtcNow } },
        });

        Assert.True(await Eventually.HoldsAsync(() => h.Published.Select<TriggerFailed>().Any()), "no TriggerFailed published");
        var failed = h.Published.Select<TriggerFailed>().Single().Context.Message;
        Assert.Equal("url \"not-a-url\" is not an absolute URL", failed.Reason);
        Assert.Equal(2, failed.Attempts);
    }
}
