using Microservices.Events.Specs.Model;
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
    public void The_registered_trigger_kinds_are_those_trigger_dispatch_runs()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddTriggerDispatch();
        using var host = builder.Build();

        Assert.Equal(["awsLambda", "custom", "email", "http", "kafka", "log", "nats", "openWhisk", "slack"], host.Services.GetRequiredService<TriggerExecutorRegistry>().Kinds.Order(StringComparer.Ordinal));
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
}
